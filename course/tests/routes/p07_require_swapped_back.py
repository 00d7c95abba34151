# baseline: p07_given_proxy_eq_baseline.py
# Closed: the test cells' namespace, builtins and import table are watched by their version tags (any write during a run fails it).
# Red-team pass 39: the test cells' namespace is not tagged; a name in it swapped and put back
# before the guard looks is not seen.
# What it does: reaches the test cells' namespace through the test cells' own LoggedBarrier (their given
# cell ran there; found among asyncio.Barrier.__subclasses__(); its __init__.__globals__), and, when a
# worker starts, replaces `require` there with a function that agrees with everything. It puts the real
# `require` back from a done callback added to the run's "scenario" task (found in asyncio.all_tasks()):
# the task's callbacks are scheduled together with run_until_complete's stop callback and run in the same
# batch of _run_once, so `require` is back before _run_one's first changed().
# Code: the worker of routes/p07_given_proxy_eq_baseline.py (buggy_alias_dodges_work_order +
# buggy_aborts_only_on_cancel) + _swap_require().
# Scored before the fix: 15/15. Fair score: 6/15 (the baseline: p07_test_rounds and p07_test_broken fail).
# (A worker that does nothing but _swap_require() scores 8/15 where it deserves 0: the scenarios that end
# in a deadlock raise Stuck before the done callback runs, and are caught.)
# Why: the guard's test-namespace watch compares identities only when it looks; the README lists "a name
# of the test cells' namespace" as a known gap; this shows it earns 9 points on P07 (every problem whose
# test cells define a class or hand the solution a function defined there is open the same way).
import asyncio

# The test cells' namespace, through a class its given cell defined there (the test cells' own LoggedBarrier).
_theirs = next(c for c in asyncio.Barrier.__subclasses__()
               if c.__name__ == "LoggedBarrier" and c is not LoggedBarrier)
_tests = _theirs.__init__.__globals__


def _agree(*args, **kwargs):
    return None


def _swap_require():
    real = _tests.get("require")
    if real is None or real is _agree:
        return
    _tests["require"] = _agree

    def put_back(_task):
        _tests["require"] = real

    for task in asyncio.all_tasks():
        if task.get_name() == "scenario":
            task.add_done_callback(put_back)
            return
    _tests["require"] = real  # no scenario task found: leave everything as it was


async def worker(worker_id: int, barrier: asyncio.Barrier, rounds: int = 1) -> None:
    _swap_require()
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
