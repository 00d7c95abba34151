# baseline: p03_early_work_baseline.py
# P03 finding (red-team pass 60, atk60): the hidden checks' WatchedEvent notes each look at the event
# with `type(self).steps()`, a class attribute the scenario sets (`WatchedEvent.steps = sim.steps`).
# The class is the test cell's own: the guard watches its attributes only if they were code or constants
# when it looked (`begin`), and `steps` was None then; setting a class attribute raises no audit event,
# and the test cells' classes' dicts are not among the version-tagged ones. So the worker, handed the
# event, replaces `steps` with a function of its own. Its values are objects that answer True to both
# `<=` and `>` and are each distinct: every look is taken both for a look made before the snapshot (the
# task "was waiting") and for a look in a distinct step after it (8 steps forgiven each). 200 looks made
# in the worker's first step forgive 1,600 steps of work begun before the signal.
import asyncio


async def initializer(ready: asyncio.Event) -> None:
    await asyncio.sleep(0.02)
    ready.set()


async def _warm_up() -> None:
    # BUG: work begun before the signal, in a task the worker starts.
    for _ in range(3):
        await asyncio.sleep(0.002)


class _Anywhere:
    __hash__ = object.__hash__

    def __le__(self, other):
        return True

    def __gt__(self, other):
        return True

    __lt__ = __ge__ = __le__


def _forged_steps():
    return _Anywhere()


async def worker(ready: asyncio.Event) -> None:
    cls = type(ready)
    if getattr(cls, "steps", None) is not None and cls.steps is not _forged_steps:
        cls.steps = _forged_steps
    if cls.__dict__.get("steps", 1) is _forged_steps or getattr(cls, "steps", None) is _forged_steps:
        for _ in range(200):
            ready.is_set()
    warm = asyncio.ensure_future(_warm_up())
    try:
        await ready.wait()
    except BaseException:
        warm.cancel()
        raise
    await warm
    await asyncio.sleep(0.01)
