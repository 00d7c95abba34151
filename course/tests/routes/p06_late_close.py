# baseline: p06_poll_baseline.py
import asyncio


async def producer(queue: asyncio.Queue, n: int) -> None:
    """Put 0, 1, ..., n-1 into `queue`, waiting whenever it is full."""
    for item in range(n):
        probe = None
        if queue.full():
            # Step put() by hand up to its first suspension (it records "wait-put"), keep it
            # across one real suspension of this task, then close it: the wait recorded
            # "ended" in a later loop step than it began, so it passes for a real one.
            probe = queue.put(item)
            try:
                probe.send(None)
            except StopIteration:
                probe = None
        # BUG: polls for room every millisecond instead of waiting in put().
        while queue.full():
            await asyncio.sleep(0.001)
            if probe is not None:
                probe.close()
                probe = None
        if probe is not None:
            await asyncio.sleep(0)
            probe.close()
        queue.put_nowait(item)


async def consumer(queue: asyncio.Queue, results: list) -> None:
    """Forever: take an item, process it, append it to `results`, mark it done."""
    while True:
        item = await queue.get()
        await asyncio.sleep(0.005)
        results.append(item)
        queue.task_done()
