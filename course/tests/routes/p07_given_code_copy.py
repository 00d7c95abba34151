# baseline: submissions/p07/buggy_given_work_name_deleted.py
# P07 finding (red-team pass 35, __given__): the checks find the given do_work in `__given__` (the
# student's namespace as the given cell left it) but only accept it if `function.__code__ is
# given.__code__` (the test namespace's own do_work). `__given__` holds the very function object, and a
# function's __code__ is writable: the solution sets `do_work.__code__ = do_work.__code__.replace()`
# (the same code, a new code object: it behaves exactly as before). _swap_work then rejects the kept
# object, falls back to the name `do_work` in the worker's globals, which the solution deleted, and swaps
# nothing: p07_test_broken's failing-work part is skipped ("a worker whose work is its own":
# `(failing, 1) not in calls` -> break) and p07_test_rounds's work notes record nothing (only the
# time-based order check is left, which pipelined work passes). Neither the guard nor __given__'s
# read-only proxy covers the state of the objects it holds (a snapshot of names, not of the functions).
# Code: buggy_alias_dodges_work_order (round k+1's work starts during round k's rendezvous) +
# buggy_aborts_only_on_cancel (a failing do_work breaks nothing: the others wait forever).
# Score now: 15/15 (3.11, 3.12, 3.13). Fair: 6/15 (p07_test_rounds and p07_test_broken fail, as the
# baseline grader_tests/submissions/p07/buggy_given_work_name_deleted.py: 6/15).
import asyncio

work = do_work
work.__code__ = work.__code__.replace()  # the same code, another code object: `is given.__code__` fails
del do_work


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
