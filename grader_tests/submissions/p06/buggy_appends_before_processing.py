# expect: p06_test_each_once
# Appends an item to results before processing it: a consumer cancelled mid-item leaves in results
# an item that was never processed.
import asyncio


async def producer(queue: asyncio.Queue, n: int) -> None:
    for item in range(n):
        await queue.put(item)


async def consumer(queue: asyncio.Queue, results: list) -> None:
    while True:
        item = await queue.get()
        results.append(item)          # recorded as processed BEFORE it is processed
        await asyncio.sleep(0.005)
        queue.task_done()
