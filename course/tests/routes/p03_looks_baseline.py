# baseline: p03_looks_baseline.py
import asyncio


async def initializer(ready: asyncio.Event) -> None:
    await asyncio.sleep(0.02)
    ready.set()


async def worker(ready: asyncio.Event) -> None:
    # BUG (for the contract): a worker peeks at the event's private flag instead of looking at the
    # event (wait() or is_set()), so a worker that starts after the signal never looks at it.
    if not ready._value:
        await ready.wait()
    await asyncio.sleep(0.01)
