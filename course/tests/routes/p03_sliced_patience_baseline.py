# BUG (impatient): a worker that has waited PATIENCE seconds (a day, virtual time) for the signal gives up
# (TimeoutError), where the contract says it waits however long it takes. It waits in slices of POLL s: here
# one slice, the whole day.
import asyncio
import time

PATIENCE = 86400.0  # a worker gives up on the signal after a day
POLL = PATIENCE


async def initializer(ready: asyncio.Event) -> None:
    await asyncio.sleep(0.02)
    ready.set()


async def worker(ready: asyncio.Event) -> None:
    began = time.monotonic()
    while True:  # the signal waited for in slices of POLL s, the deadline looked at after each
        try:
            await asyncio.wait_for(ready.wait(), POLL)
            break
        except TimeoutError:
            if time.monotonic() - began >= PATIENCE:
                raise
    await asyncio.sleep(0.01)
