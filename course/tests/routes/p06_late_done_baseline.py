# p06_late_done_join_forged's baseline: task_done() runs 5 ms after each item is processed, in a task of its own.
import asyncio


async def producer(queue: asyncio.Queue, n: int) -> None:
    """Put 0, 1, ..., n-1 into `queue`, waiting whenever it is full."""
    for item in range(n):
        await queue.put(item)


async def _mark_done_later(queue):
    # BUG: task_done() only after a 5 ms "cool-down", in a task of the consumer's: join() returns 5 ms late.
    await asyncio.sleep(0.005)
    queue.task_done()


async def consumer(queue: asyncio.Queue, results: list) -> None:
    """Forever: take an item, process it, append it to `results`, mark it done."""
    while True:
        item = await queue.get()
        await asyncio.sleep(0.005)
        results.append(item)
        asyncio.get_running_loop().create_task(_mark_done_later(queue))
