# expect: p07_test_broken
# Breaks the barrier on any early exit, as asked, but forgets the `raise`: a worker that is
# CANCELLED (or whose do_work raises) swallows the exception and returns None, so the task
# that cancelled it (a TaskGroup, asyncio.timeout, a shutdown) sees a normal return, and a
# failed do_work looks like a finished worker.
# Contract: "it breaks the barrier with `await barrier.abort()` ... and lets the exception go
# on"; take-aways: "Re-raising keeps the cancellation (or the error) visible to whoever awaits
# the worker." (Returning quietly on BrokenBarrierError is accepted by the course,
# correct_quiet_on_broken.py; swallowing the worker's OWN cancellation / error is not that.)
import asyncio


async def worker(worker_id, barrier, rounds=1):
    try:
        for round_no in range(rounds):
            await do_work(worker_id, round_no)
            await barrier.wait()
    except BaseException:
        await barrier.abort()
