# expect: full marks
# Red-team pass 20 (a fairness finding): a correct worker that awaits the barrier through a child
# task of its own (asyncio.ensure_future(barrier.wait()); Python 3.11's wait_for with a timeout,
# asyncio.shield and a TaskGroup do the same). A cancellation of the worker reaches the awaited
# child; any exception breaks the barrier and goes on. p07_test_visible and p07_test_rounds filed
# the barrier's events under the task named worker-<id>, so this worker "never arrived" (9/15):
# they now judge the work between rounds from the times alone.
import asyncio


async def worker(worker_id, barrier, rounds=1):
    try:
        for round_no in range(rounds):
            await do_work(worker_id, round_no)
            # the wait runs in a task of its own (as asyncio.wait_for does on 3.11 when given a timeout)
            await asyncio.ensure_future(barrier.wait())
    except BaseException:
        await barrier.abort()
        raise
