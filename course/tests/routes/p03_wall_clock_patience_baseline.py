import asyncio

# BUG (an impatient worker): it stops waiting for the signal after PATIENCE seconds and does its work anyway,
# where the contract says no worker proceeds before the signal, however long it takes.
PATIENCE = 60.0


async def initializer(ready: asyncio.Event) -> None:
    await asyncio.sleep(0.02)
    ready.set()


async def worker(ready: asyncio.Event) -> None:
    try:
        await asyncio.wait_for(ready.wait(), PATIENCE)  # the loop's clock: virtual time under the checks
    except TimeoutError:
        pass  # waited long enough: go on without the signal
    await asyncio.sleep(0.01)
