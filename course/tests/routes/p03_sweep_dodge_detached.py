# baseline: submissions/p03/buggy_sets_in_finally.py
# Kind 2: a sweep target (task named "initializer", not the first of its loop) hands its startup to a
# task it does not await and returns at once, not cancelled: it never suspends, so no cut fires, and
# the detached startup signals at t=0.02 ("a signal sent a little later, on the initializer's behalf,
# counts too"). The buggy path (signal sent when the startup is cancelled) is never cut.
import asyncio

_seen = {}
_keep = set()


async def _startup(ready):
    try:
        await asyncio.sleep(0.02)   # the startup
    finally:
        ready.set()


async def initializer(ready: asyncio.Event) -> None:
    me = asyncio.current_task()
    if me.get_name() == "initializer":
        loop = asyncio.get_running_loop()
        _, seen = _seen.get(id(loop), (loop, 0))
        _seen[id(loop)] = (loop, seen + 1)
        if seen:
            t = loop.create_task(_startup(ready))
            _keep.add(t)
            t.add_done_callback(_keep.discard)
            return
    try:
        await asyncio.sleep(0.02)   # the startup
    finally:
        ready.set()                 # also when the startup was cancelled: workers go in too early


async def worker(ready: asyncio.Event) -> None:
    await ready.wait()
    await asyncio.sleep(0.01)
