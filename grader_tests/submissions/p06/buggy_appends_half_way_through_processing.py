# expect: p06_test_each_once
# Processes in two halves and appends the item between them (2.5 ms early): a consumer cancelled in
# the second half leaves in results an item whose processing never ended.
import asyncio


async def producer(queue: asyncio.Queue, n: int) -> None:
    for item in range(n):
        await queue.put(item)


async def consumer(queue: asyncio.Queue, results: list) -> None:
    while True:
        item = await queue.get()
        await asyncio.sleep(0.0025)
        results.append(item)
        await asyncio.sleep(0.0025)
        queue.task_done()
