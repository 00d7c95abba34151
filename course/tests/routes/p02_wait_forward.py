# baseline: p02_wait_forward_baseline.py
# P02 finding (red-team pass 34): the request runs in a task api_call() awaits with `asyncio.wait([request])`
# (not recognized by `_awaiting.awaited()`), a cancellation passed on by hand as `await request`
# would. The sweep cancels api_call only at its own suspensions (the permit wait, and the wait for
# a request that has not run yet or is still connecting), never during the request's answer phase,
# where the request gives the permit back itself on CancelledError, and the caller's `async with`
# gives it back again: a permit released twice, the limit grows by one per timed-out call.
# Score now: 10/10 (3.11, 3.12, 3.13). Fair: 8/10 (p02_test_release_on_cancel; the same code with
# `await request` in place of the wait scores 8/10).
import asyncio


async def _request(semaphore):
    await asyncio.sleep(0.004)       # connect
    try:
        await asyncio.sleep(0.006)   # send the request, wait for the answer
    except asyncio.CancelledError:
        semaphore.release()      # BUG: the caller's `async with` gives the permit back too
        raise


async def api_call(task_id, semaphore, active):
    async with semaphore:
        active.add(task_id)
        try:
            request = asyncio.create_task(_request(semaphore))
            try:
                await asyncio.wait([request])
            except asyncio.CancelledError:
                request.cancel()     # pass the cancellation on, as `await request` would
                raise
            request.result()
        finally:
            active.discard(task_id)
