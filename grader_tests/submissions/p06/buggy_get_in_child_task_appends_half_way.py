# expect: p06_test_each_once
# (red-team pass 35, P06) Takes each item through a task of its own (`await asyncio.create_task(queue.get())`,
# legal) and appends it half-way through processing: a consumer cancelled in the second half leaves in
# results an item whose processing never ended (the child task's get must count as the consumer's).
import asyncio



async def producer(queue: asyncio.Queue, n: int) -> None:
    for item in range(n):
        await queue.put(item)


async def consumer(queue: asyncio.Queue, results: list) -> None:
    while True:
        item = await asyncio.create_task(queue.get())
        await asyncio.sleep(0.0025)
        results.append(item)
        await asyncio.sleep(0.0025)
        queue.task_done()
