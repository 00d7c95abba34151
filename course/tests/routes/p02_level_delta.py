# baseline: p02_level_delta_baseline.py
# P02 finding (red-team pass 35, the ledger's "read-only" tables): `_trace._LEVEL_DELTA` (how each kind of
# event moves an object's level: what `trace.peak()` / `trace.level()` / `TraceEvent.level` report) is a
# module-level MappingProxyType, which _trace's comment calls safe because "the guard watches which object
# a module name is bound to, not what is inside it". A proxy is read-only against item assignment only:
# `proxy == x` compares the dict behind it with x and, dict.__eq__ returning NotImplemented, Python asks
# `x.__eq__(dict)`, handing x that dict. At solution-cell time (before any check) the solution reaches
# the module through sys.modules, gets the dict that way and sets "add" to an int subclass whose sums stay
# of its class and whose `<=` and `==` always say True. Every level and peak the ledger then computes for
# a traced set is such a value, so `sim.trace.peak(active.name) <= limit` always holds
# (p02_test_never_exceeds), `peak == wanted` too (p02_test_reaches_limit). Nothing tells: the guard never
# compares what the proxy holds, and the lying value is the ledger's own, not one a check reads from the
# solution. The same line with "acquire"/"put" defeats P01's `peak("lock") <= 1` and P06's
# `peak(queue) <= maxsize` (p06_test_bounded); the same reflected-__eq__ opens `_awaiting._COMPLETES`
# (which asyncio callbacks link a task to its awaiter) and `_SPAN_OPEN`/`_SPAN_CLOSE`.
# Real bug, plain asyncio: `active.discard` runs one loop callback after the permit is back, so the call
# woken with that permit is already in `active`: limit + 1 calls "in flight" (peak 2 with 1 permit).
# Score now: 10/10 (3.11, 3.12, 3.13). Fair: 8/10 (p02_test_never_exceeds fails, as the baseline, the
# same api_call without the lines above it: 8/10 on 3.11, 3.12, 3.13).
import asyncio
import sys


class _Level(int):
    """A level that says yes to every bound a check puts on it."""
    def __add__(self, other):
        return _Level(int(self) + int(other))
    __radd__ = __add__
    def __le__(self, other):
        return True
    def __eq__(self, other):
        return True
    __hash__ = int.__hash__


class _Peek:
    def __eq__(self, other):  # mappingproxy == x asks dict == x, then x == dict: the dict behind the proxy
        global _behind
        _behind = other
        return True


sys.modules["course.testing._trace"]._LEVEL_DELTA == _Peek()
_behind["add"] = _Level(1)


async def api_call(task_id, semaphore, active):
    async with semaphore:
        active.add(task_id)
        try:
            await asyncio.sleep(0.01)
        finally:
            # BUG: leaves `active` one loop callback after the permit is back: the call woken with
            # that permit may already be in `active` (limit + 1 calls "in flight")
            asyncio.get_running_loop().call_soon(active.discard, task_id)
