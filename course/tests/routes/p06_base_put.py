# baseline: p06_sentinel_baseline.py
import asyncio

_DONE = None


async def producer(queue: asyncio.Queue, n: int) -> None:
    """Put 0, 1, ..., n-1 into `queue`, waiting whenever it is full."""
    for item in range(n):
        await queue.put(item)
    # BUG: an extra "poison pill" item the contract does not ask for (n + 1 puts, n + 1 task_done()).
    # Put (and marked done) through asyncio.Queue's own methods: the checks' ledger sees neither.
    while queue.full():
        await asyncio.sleep(0.001)
    asyncio.Queue.put_nowait(queue, _DONE)


async def consumer(queue: asyncio.Queue, results: list) -> None:
    """Forever: take an item, process it, append it to `results`, mark it done."""
    while True:
        item = await queue.get()
        if item is _DONE:
            asyncio.Queue.task_done(queue)
            continue
        await asyncio.sleep(0.005)
        results.append(item)
        queue.task_done()
