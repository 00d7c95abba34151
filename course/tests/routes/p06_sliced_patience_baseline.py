# BUG (impatient): a consumer that has waited PATIENCE seconds (a day, virtual time) for its first item gives
# up (TimeoutError), where the contract says it runs until cancelled. It waits in slices of POLL s: here one
# slice, the whole day.
import asyncio
import time

PATIENCE = 86400.0  # a consumer that has never had an item gives up after a day
POLL = PATIENCE


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
