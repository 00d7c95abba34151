# p06_join_forged's baseline: each consumer never marks done the first item it takes (join() never returns).
import asyncio


async def producer(queue: asyncio.Queue, n: int) -> None:
    """Put 0, 1, ..., n-1 into `queue`, waiting whenever it is full."""
    for item in range(n):
        await queue.put(item)


async def consumer(queue: asyncio.Queue, results: list) -> None:
    """Forever: take an item, process it, append it to `results`, mark it done."""
    first = True
    while True:
        item = await queue.get()
        await asyncio.sleep(0.005)
        results.append(item)
        # BUG: the first item a consumer takes is never marked done ("warm-up"), so join() never returns.
        if not first:
            queue.task_done()
        first = False
