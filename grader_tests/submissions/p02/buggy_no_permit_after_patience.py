# expect: p02_test_never_exceeds
# Fail-open permit wait: a call that has not got a permit within half a second assumes the
# permits leaked and makes its request WITHOUT one. With many callers, or a permit held a long
# time by other work, the limit is gone (200 calls through Semaphore(3) in plain asyncio have
# 56 in flight at once). Any patience of its own is the same bug, however long: the checks
# hold every permit for 10**9 s of virtual time while calls wait.
import asyncio

PATIENCE = 0.5  # BUG: a permit not free within half a second is taken for leaked


async def api_call(task_id, semaphore, active):
    try:
        async with asyncio.timeout(PATIENCE):
            await semaphore.acquire()
        holding = True
    except TimeoutError:
        holding = False  # goes ahead without a permit
    try:
        active.add(task_id)
        try:
            await asyncio.sleep(0.01)
        finally:
            active.discard(task_id)
    finally:
        if holding:
            semaphore.release()
