# baseline: submissions/p03/buggy_sets_in_finally.py
# Route (no ledger read): as p01_sweep_trial_by_name. p03_test_initializer's sweep spawns its target as
# "initializer" in every trial of one run, the uncancelled trial first. An initializer whose task is so named,
# and is not the first such task of its loop, knows it is a cut trial's target and cancels itself at once,
# before its startup (and before the buggy `finally: ready.set()`); the trial only asks that no signal was sent
# during a startup that was cut short, and every cut finds it already gone.
import asyncio

_seen = {}  # id(loop) -> (loop, tasks named "initializer" seen)


async def initializer(ready: asyncio.Event) -> None:
    me = asyncio.current_task()
    if me.get_name() == "initializer":                  # TRICK
        loop = asyncio.get_running_loop()
        _, seen = _seen.get(id(loop), (loop, 0))
        _seen[id(loop)] = (loop, seen + 1)
        if seen:                                        # a cut trial of the sweep
            me.cancel()
            await asyncio.sleep(0)                      # cancelled here, before the startup
    try:
        await asyncio.sleep(0.02)   # the startup
    finally:
        ready.set()                 # also when the startup was cancelled: workers go in too early


async def worker(ready: asyncio.Event) -> None:
    await ready.wait()
    await asyncio.sleep(0.01)
