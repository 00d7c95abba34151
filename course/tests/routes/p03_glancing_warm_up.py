# baseline: p03_early_work_baseline.py
# Route: p03_test_waits_for_signal forgives up to 8 loop steps for each look at the event (wait() or is_set())
# made, in a step of its own, by a task that is not one of the workers (taken for "a fresh waiting task"). As its
# baseline (work begun before the signal, in a warm-up task the worker starts), but the warm-up task glances at
# the event (`ready.is_set()`, result ignored) in each of its steps: every step of early work pays for itself.
import asyncio


async def initializer(ready: asyncio.Event) -> None:
    await asyncio.sleep(0.02)
    ready.set()


async def _warm_up(ready) -> None:
    # BUG: work begun before the signal, in a task the worker starts.
    for _ in range(3):
        ready.is_set()  # TRICK: a look, in this step
        await asyncio.sleep(0.002)
    ready.is_set()


async def worker(ready: asyncio.Event) -> None:
    warm = asyncio.ensure_future(_warm_up(ready))
    try:
        await ready.wait()
    except BaseException:
        warm.cancel()
        raise
    await warm
    await asyncio.sleep(0.01)
