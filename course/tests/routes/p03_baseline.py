import asyncio


async def initializer(ready: asyncio.Event) -> None:
    """Do the 0.02 s startup, then signal `ready` once: every waiting worker may go."""
    # BUG: no startup at all: the signal goes out (almost) at once.
    await asyncio.sleep(2e-6)
    ready.set()


async def worker(ready: asyncio.Event) -> None:
    """Wait for the signal on `ready`, then do this worker's (simulated) work."""
    await ready.wait()
    await asyncio.sleep(0.01)
