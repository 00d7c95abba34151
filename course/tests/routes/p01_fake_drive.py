# baseline: p01_write_outside_baseline.py
import sys as _sys
import types as _types

import course.testing._trace as _trace_module

# A copy of the checks' `drive` (the very code object, other globals): its frame is taken for a
# run's, so what runs inside it is filed in a ledger of ours, which the checks never read. Its
# refusal of nested runs asks `find_ledger` from these globals: ours answers None.
_unseen = _types.FunctionType(_trace_module.drive.__code__,
                              {"find_ledger": lambda frame: None, "_getframe": _sys._getframe,
                               "RuntimeError": RuntimeError}, "drive")
_ours = _types.SimpleNamespace(objects={}, contents={}, forged=[], holders={}, events=[], levels={}, peaks={},
                               now=0.0, timers=[], plan={}, suspensions={}, acting=None, names={}, tests=frozenset(),
                               changed=[], cancel_when_done=[], tracked={}, tasks=[], steps=0, resources={},
                               initial={}, finished=set(), clock=lambda: 0.0, loop=None)


async def increment(counter: list[int], lock: asyncio.Lock, n: int) -> None:
    """Add 1 to counter[0], n times; each read-await-write update holds `lock`."""
    for _ in range(n):
        await lock.acquire()
        current = counter[0]
        await simulated_io()
        _ours.loop = asyncio.get_running_loop()
        _unseen(_ours, lambda release: release(), lock.release)  # a release the checks never see
        counter[0] = current + 1  # BUG: the write is made after the lock is given back
        # ... and the ledger's holder goes when the task next "releases" in view: take and give
        # back once more, in view (the ledger then counts one holder less).
        await lock.acquire()
        lock.release()
