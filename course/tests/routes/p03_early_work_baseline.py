# Honest baseline of p03_forged_look_steps.py: the same worker, no look forged. Work begun before the
# signal, in a task the worker starts (a "warm-up"): p03_test_waits_for_signal sees it (busy steps).
import asyncio


async def initializer(ready: asyncio.Event) -> None:
    await asyncio.sleep(0.02)
    ready.set()


async def _warm_up() -> None:
    # BUG: work begun before the signal, in a task the worker starts.
    for _ in range(3):
        await asyncio.sleep(0.002)


async def worker(ready: asyncio.Event) -> None:
    warm = asyncio.ensure_future(_warm_up())
    try:
        await ready.wait()
    except BaseException:
        warm.cancel()
        raise
    await warm
    await asyncio.sleep(0.01)
