# baseline: submissions/p07/buggy_aborts_only_on_cancel.py
# Route: p07_test_broken part 3 tries failing=0, 1, 2 in turn and ends the whole loop with
# `if (failing, 1) not in calls: break  # its work is its own` the first time the failing worker did not
# call the given do_work in round 1. The worker below uses the given do_work for every round of every worker
# except worker 0's round 1 (work of its own, same length). So failing=0 is taken for "work of its own" and
# the `break` also skips failing=1 and failing=2, whose workers DO run the given (failing) do_work.
# Bug covered: aborts only when cancelled, so a worker whose work raises leaves the others hanging.
import asyncio


async def worker(worker_id: int, barrier: asyncio.Barrier, rounds: int = 1) -> None:
    try:
        for round_no in range(rounds):
            if (worker_id, round_no) == (0, 1):
                await asyncio.sleep(0.01 * (1 + (worker_id + 2 * round_no) % 4))  # same length as do_work
            else:
                await do_work(worker_id, round_no)
            await barrier.wait()
    except asyncio.CancelledError:  # forgets Exception: a failing do_work breaks nothing
        await barrier.abort()
        raise
