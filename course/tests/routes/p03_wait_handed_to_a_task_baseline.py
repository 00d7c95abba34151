# BUG (impatient): a worker waits a day for the signal, then another day, then gives up (TimeoutError), where
# the contract says it waits however long it takes.
import asyncio

PATIENCE = 86400.0


async def initializer(ready: asyncio.Event) -> None:
    await asyncio.sleep(0.02)
    ready.set()


async def worker(ready: asyncio.Event) -> None:
    try:
        await asyncio.wait_for(ready.wait(), PATIENCE)
    except TimeoutError:
        await asyncio.wait_for(ready.wait(), PATIENCE)  # gives up (TimeoutError) after another day
    await asyncio.sleep(0.01)
