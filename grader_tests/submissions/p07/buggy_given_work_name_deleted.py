# expect: p07_test_rounds p07_test_broken
# P07 finding (c), a route: the checks find "the given do_work" by the NAME `do_work` in the solution's
# globals (_swap_work: `namespace.get("do_work")`); a solution that keeps the given function object under
# an alias and deletes (or rebinds) the name makes every swap miss it. With the name gone, _swap_work
# returns (None, no-op): p07_test_broken's failing-work part runs `for failing in range(0)` (skipped:
# "a worker whose work is its own"), and p07_test_rounds's note of when each round's do_work starts
# records nothing, so only the time-based order check is left. The README says "the given function
# object itself is swapped, so an alias, a default argument or functools.partial of it is reached";
# here it is that very object (not a copy of its code, the known gap), reached through an alias.
# (Rebinding instead of deleting, `_given = do_work` then `async def do_work(...)` of one's own and the
# worker calling `_given`, does the same: the swap goes by name to the new function, never called.)
# Code: buggy_alias_dodges_work_order (round k+1's work runs during round k's rendezvous) +
# buggy_aborts_only_on_cancel (work that raises leaves the others waiting forever), plus `del do_work`.
# Scored 15/15 before the check process kept the given objects (`__given__`); fair, and now: 6/15 (p07_test_rounds and p07_test_broken fail, as they do without the
# `del do_work` line: 10/15 each bug alone, see buggy_alias_dodges_failing_work and
# buggy_alias_dodges_work_order).
import asyncio

work = do_work  # short alias of the given do_work
del do_work     # the long name is gone: the checks' swap looks for it by name


async def worker(worker_id: int, barrier: asyncio.Barrier, rounds: int = 1) -> None:
    ahead = None
    try:
        ahead = asyncio.ensure_future(work(worker_id, 0))
        for round_no in range(rounds):
            await ahead
            # start the next round's work now, so that it is ready when the barrier opens
            ahead = asyncio.ensure_future(work(worker_id, round_no + 1)) if round_no + 1 < rounds else None
            await barrier.wait()
            await asyncio.sleep(1e-6)
    except asyncio.CancelledError:  # forgets Exception: a failing do_work breaks nothing
        if ahead is not None:
            ahead.cancel()
        await barrier.abort()
        raise
