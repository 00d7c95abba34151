# baseline: submissions/p01/buggy_no_release_on_cancel.py
# P01 finding (red-team pass 73): `loop.suspensions(task)` answers any caller from the run's ledger
# (`_plans` hands the ledger to a harness caller, and `suspensions` is one), so a task learns in its
# own trial, with no state kept across trials, whether the test planned its cancellation: after one
# `sleep(0)` (before any traced read) its count is 1 only if `cut.target`/`cancel_at` counts it. Such a
# task (a sweep's target) ends cancelled at once, holding nothing: every cut then "lands" at a harmless
# point or never, and the cuts that would fall while it holds the lock are never made.
# Real bug, plain asyncio: releases the lock on Exception only (a cancellation keeps it).
import asyncio


async def increment(counter, lock, n):
    loop = asyncio.get_running_loop()
    me = asyncio.current_task()
    await asyncio.sleep(0)
    if loop.suspensions(me):            # the test planned a cancellation of this task
        me.cancel()
        await asyncio.sleep(0)          # cancelled here, holding nothing
    for _ in range(n):
        await lock.acquire()
        try:
            current = counter[0]
            await simulated_io()
            counter[0] = current + 1
        except Exception:
            lock.release()
            raise
        lock.release()
