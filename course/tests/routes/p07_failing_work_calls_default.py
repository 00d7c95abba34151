# baseline: submissions/p07/buggy_catches_runtime_error_only.py
# Route: in p07_test_broken part 3 the given do_work is swapped for the test's `failing_work`, whose mutable
# default `calls` (a list: `failing_work.__defaults__[2]`) is the test's only record of whether the failing
# call reached the worker: `if (failing, 1) not in calls: break  # its work is its own`. The worker calls the
# given do_work as the contract says (its work DOES raise ValueError in round 1 and it leaves without
# aborting, so the others hang), then empties `calls` (reached through do_work.__kwdefaults__["_work_hook"]
# while swapped: a dict mutation and a list mutation, no audited assignment), so the test takes it for a
# worker whose work is its own and skips every part-3 requirement.
# Score now: 15/15.  Fair: 10/15 (p07_test_broken).
# (Overlaps the README's known gap "work of the solution's own cannot be made to fail", but here the worker
# does call the given do_work and its error is really raised: only the test's record is erased.)
import asyncio


async def _work(worker_id, round_no):
    hook = (getattr(do_work, "__kwdefaults__", None) or {}).get("_work_hook")
    try:
        await do_work(worker_id, round_no)
    finally:
        defaults = getattr(hook, "__defaults__", None) or ()
        for value in defaults:
            if type(value) is list:
                value.clear()


async def worker(worker_id, barrier, rounds=1):
    try:
        for round_no in range(rounds):
            await _work(worker_id, round_no)
            await barrier.wait()
    except (asyncio.CancelledError, RuntimeError):  # cancelled, or a failure (BrokenBarrierError is one)
        await barrier.abort()
        raise
