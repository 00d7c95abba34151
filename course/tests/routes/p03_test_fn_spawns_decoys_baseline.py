# (not a route: the honest baseline of p03_test_fn_spawns_decoys.py)
# Honest baseline of p03_test_fn_spawns_decoys.py: the same worker without the trick. In the same place
# (first part of p03_test_waits_for_signal: event "ready", workers worker-0..3) it does the same early work,
# in a warm-up task it starts (glancing at the event in each step) instead of in a decoy the test function spawned.
import asyncio


async def initializer(ready: asyncio.Event) -> None:
    await asyncio.sleep(0.02)
    ready.set()


async def _warm_up(ready) -> None:
    # BUG: work begun before the signal, in a task the worker starts.
    for _ in range(3):
        ready.is_set()  # a look, in this step
        await asyncio.sleep(0.002)
    ready.is_set()


async def worker(ready: asyncio.Event) -> None:
    me = asyncio.current_task()
    warm = None
    if type(ready).__name__ == "WatchedEvent" and ready.name == "ready" and me.get_name() in {f"worker-{i}" for i in range(4)}:
        warm = asyncio.ensure_future(_warm_up(ready))
    try:
        await ready.wait()
    except BaseException:
        if warm is not None:
            warm.cancel()
        raise
    if warm is not None:
        await warm
    await asyncio.sleep(0.01)
