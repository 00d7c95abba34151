# baseline: p03_early_work_baseline.py
# Red-team pass 99: the baseline's worker (work begun before the signal, in a task it starts), with
# `bisect.bisect` replaced from the solution cell. P03's test imports `bisect` and counts the work done
# before the signal with it at check time; the guard watched only the modules in problem_process's
# _STANDARD, which lacked it, so the stub (every look past the end) made that work uncounted: +2.
# Now every module a test cell imports is watched.
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

# The trick: the hidden check's `work_steps` finds the window's first step with bisect.bisect, a module
# the check process imports for the test cell but does not watch. Answering "past the end" empties the window.
import bisect as _b
_b.bisect = _b.bisect_right = lambda a, x, lo=0, hi=None, *, key=None: len(a)
