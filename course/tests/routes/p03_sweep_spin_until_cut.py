# baseline: submissions/p03/buggy_sets_in_finally.py
# Kind 2: the sweep's target (task named "initializer") counts its trials per loop. The uncut trial (1st)
# runs the real code, which suspends once (reach = 1), so the sweep's one cut trial is the 2nd, with k = 1:
# there the target spins on `await asyncio.sleep(0)` before its startup, and the cut fires at its first
# spin, a harmless point (it ends cancelled by its cut: legit). The 3rd trial (k = 2, "then on") runs the
# real code again, which never reaches a 2nd suspension: the sweep ends. The cut that would land in the
# startup (and set the event in `finally`) is never made.
import asyncio

_seen = {}


async def initializer(ready: asyncio.Event) -> None:
    me = asyncio.current_task()
    if me.get_name() == "initializer":
        loop = asyncio.get_running_loop()
        _, seen = _seen.get(id(loop), (loop, 0))
        _seen[id(loop)] = (loop, seen + 1)
        if seen == 1:                   # the cut trial(s) of the sweep: k <= reach = 1
            for _ in range(60):
                await asyncio.sleep(0)  # the cut fires here
    try:
        await asyncio.sleep(0.02)   # the startup
    finally:
        ready.set()                 # also when the startup was cancelled: workers go in too early


async def worker(ready: asyncio.Event) -> None:
    await ready.wait()
    await asyncio.sleep(0.01)
