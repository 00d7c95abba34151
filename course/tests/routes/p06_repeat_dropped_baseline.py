# Honest buggy baseline: the reference consumer, except that it records an item only once: an item equal to one
# already in its results (a second batch that starts again at 0) is processed and marked done, but not appended.
import asyncio


async def producer(queue: asyncio.Queue, n: int) -> None:
    for item in range(n):
        await queue.put(item)


async def consumer(queue: asyncio.Queue, results: list) -> None:
    while True:
        item = await queue.get()
        await asyncio.sleep(0.005)
        if item not in results:
            results.append(item)
        queue.task_done()
