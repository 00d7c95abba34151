# A correct P02 solution whose objects' class has a metaclass with `__eq__`: it notes each call (what
# it was compared with) and, once called, every later call raises what it saw (the test reads it). A
# sweep scans the process's objects for random generators at its start; `_random.Random in mro` called
# this `__eq__` there, telling the solution that a sweep's first trial was about to run.
import asyncio

_seen = {"calls": 0, "others": []}


class _Meta(type):
    def __eq__(cls, other):
        _seen["calls"] += 1
        if len(_seen["others"]) < 3:
            _seen["others"].append(repr(other))
        return NotImplemented

    __hash__ = type.__hash__


class _Decoy(metaclass=_Meta):
    pass


_keep = []


async def api_call(task_id, semaphore, active):
    _keep.append(_Decoy())  # (made while checks run: what the cell made is frozen out of gc's view)
    if _seen["calls"]:
        raise RuntimeError(f"PROBE: metaclass __eq__ called {_seen['calls']} times with {_seen['others']}")
    async with semaphore:
        active.add(task_id)
        try:
            await asyncio.sleep(0.01)
        finally:
            active.discard(task_id)
