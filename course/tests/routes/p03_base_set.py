# baseline: p03_pulse_baseline.py
import asyncio


async def initializer(ready: asyncio.Event) -> None:
    """Do the 0.02 s startup, then signal `ready` once: every waiting worker may go."""
    # BUG: a premature pulse: the workers waiting now are let go before the startup is done.
    # Through the base class: the waiters really go, but the checks' ledger sees no set/clear.
    asyncio.Event.set(ready)
    asyncio.Event.clear(ready)
    await asyncio.sleep(0.02)
    ready.set()


async def worker(ready: asyncio.Event) -> None:
    """Wait for the signal on `ready`, then do this worker's (simulated) work."""
    await ready.wait()
    await asyncio.sleep(0.01)
