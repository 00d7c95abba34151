# baseline: p07_given_proxy_eq_baseline.py
# P07 finding (red-team pass 35, __given__): `__given__` is a MappingProxyType, read-only only against
# item assignment: `proxy == x` compares the dict behind it with x, and when dict.__eq__ returns
# NotImplemented Python asks `x.__eq__(dict)`, handing x the very dict. The solution reaches the test
# cells' namespace through the test cells' own LoggedBarrier (the given cell ran there too; found among
# asyncio.Barrier.__subclasses__(): its __init__.__globals__ is that namespace), reaches the dict behind
# its `__given__` that way, and puts there a decoy `do_work`: a new function object with the given code
# (so `function.__code__ is given.__code__` holds). _swap_work then swaps the decoy's work, never the
# do_work the workers call (under its own name, no alias, nothing deleted): p07_test_broken's failing-work
# part finds `(failing, 1) not in calls` and stops ("its work is its own"), and p07_test_rounds's work
# notes record nothing. The guard watches `__given__`'s binding in the test namespace, not what the proxy
# holds. (The same reflected __eq__ opens every module-level MappingProxyType the harness calls read-only:
# _trace._LEVEL_DELTA, _SPAN_OPEN/_SPAN_CLOSE, _awaiting._COMPLETES; see the report.)
# Code: buggy_alias_dodges_work_order (round k+1's work starts during round k's rendezvous) +
# buggy_aborts_only_on_cancel (a failing do_work breaks nothing: the others wait forever).
# Score now: 15/15 (3.11, 3.12, 3.13). Fair: 6/15 (p07_test_rounds and p07_test_broken fail, as the
# baseline, the same worker without the lines above it: 6/15).
import asyncio
import types

# The test cells' namespace, through a class its given cell defined there (the test cells' own LoggedBarrier).
_theirs = next(c for c in asyncio.Barrier.__subclasses__()
               if c.__name__ == "LoggedBarrier" and c is not LoggedBarrier)
_tests = _theirs.__init__.__globals__


class _Peek:
    def __eq__(self, other):  # mappingproxy == x asks dict == x, then x == dict: the dict behind the proxy
        global _behind
        _behind = other
        return True


_tests["__given__"] == _Peek()
# A decoy with the given code: the checks swap its work, not the do_work the workers call.
_behind["do_work"] = types.FunctionType(do_work.__code__, {"asyncio": asyncio}, "do_work")


async def worker(worker_id: int, barrier: asyncio.Barrier, rounds: int = 1) -> None:
    ahead = None
    try:
        ahead = asyncio.ensure_future(do_work(worker_id, 0))
        for round_no in range(rounds):
            await ahead
            # start the next round's work now, so that it is ready when the barrier opens
            ahead = asyncio.ensure_future(do_work(worker_id, round_no + 1)) if round_no + 1 < rounds else None
            await barrier.wait()
            await asyncio.sleep(1e-6)
    except asyncio.CancelledError:  # forgets Exception: a failing do_work breaks nothing
        if ahead is not None:
            ahead.cancel()
        await barrier.abort()
        raise
