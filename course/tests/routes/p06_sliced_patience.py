# baseline: p06_sliced_patience_baseline.py
# Route (red-team rt67): the baseline's impatient first get (gives up after a day of virtual time), waited in
# 2 s slices instead of one: no real clock. consumer_waits_when_empty counts idle steps only in its first
# second, then follows a waiter that wakes often only as far as let_time_pass's 5,000-step budget.
import asyncio
import time

PATIENCE = 86400.0  # a consumer that has never had an item gives up after a day
POLL = 2.0


async def producer(queue: asyncio.Queue, n: int) -> None:
    for item in range(n):
        await queue.put(item)


async def _first_get(queue: asyncio.Queue):
    """The first item, waited for in slices of POLL s, the deadline looked at after each."""
    began = time.monotonic()
    while True:
        try:
            return await asyncio.wait_for(queue.get(), POLL)
        except TimeoutError:
            if time.monotonic() - began >= PATIENCE:
                raise


async def consumer(queue: asyncio.Queue, results: list) -> None:
    first = True
    while True:
        if first:
            item = await _first_get(queue)
            first = False
        else:
            item = await queue.get()
        await asyncio.sleep(0.005)
        results.append(item)
        queue.task_done()
