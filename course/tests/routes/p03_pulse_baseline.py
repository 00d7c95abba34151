import asyncio


async def initializer(ready: asyncio.Event) -> None:
    """Do the 0.02 s startup, then signal `ready` once: every waiting worker may go."""
    # BUG: a premature pulse: the workers waiting now are let go before the startup is done.
    ready.set()
    ready.clear()
    await asyncio.sleep(0.02)
    ready.set()


async def worker(ready: asyncio.Event) -> None:
    """Wait for the signal on `ready`, then do this worker's (simulated) work."""
    await ready.wait()
    await asyncio.sleep(0.01)
