# Baseline: a worker cancelled while it waits leaves work running in a task it starts (work without the signal).
import asyncio


async def initializer(ready: asyncio.Event) -> None:
    await asyncio.sleep(0.02)
    ready.set()


async def _work() -> None:
    for _ in range(3):
        await asyncio.sleep(0.002)


async def worker(ready: asyncio.Event) -> None:
    try:
        await ready.wait()
    except asyncio.CancelledError:
        asyncio.ensure_future(_work())  # BUG: work without the signal, left behind
        raise
    await asyncio.sleep(0.01)
