import asyncio


async def producer(queue: asyncio.Queue, n: int) -> None:
    """Put 0, 1, ..., n-1 into `queue`, waiting whenever it is full."""
    for item in range(n):
        await queue.put(item)


async def consumer(queue: asyncio.Queue, results: list) -> None:
    """Forever: take an item, process it, append it to `results`, mark it done."""
    while True:
        item = await queue.get()
        # BUG: each item is processed twice over (10 ms instead of 5 ms).
        await asyncio.sleep(0.005)
        await asyncio.sleep(0.005)
        results.append(item)
        queue.task_done()
