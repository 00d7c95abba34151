# baseline: submissions/p01/buggy_no_release_on_cancel.py
# P01 finding (red-team pass 35, _awaiting.hands_on): the update's I/O is `await child` on a task whose
# first step was taken out of the loop's ready queue (`loop._ready[-1].cancel()`) and put back as a
# timer 1 ms later (`loop.call_later(0.001, step)`). For that whole millisecond the child is "a task
# about to take a step" (`_fut_waiter` is None, not done, same loop, really woken into the caller),
# so `hands_on(call)` is True and `_loop._after_step` never counts the call's suspension: the
# cancellation sweep (every_suspension in p01_test_release_on_error) finds 0 suspension points while
# the lock is held and never cancels there. (The traced list's own suspension count is not
# hands_on-filtered, so p01_test_awaits_io still sees the I/O suspend.) The child never suspends:
# it ends in its one step, so no point is counted below either.
# Real bug, plain asyncio: a timeout during the I/O cancels the call; `except Exception` does not
# catch CancelledError, so the lock stays held for good and every other task waits forever.
# Score now: 10/10 (3.11, 3.12, 3.13). Fair: 8/10 (p01_test_release_on_error fails, as the
# baseline grader_tests/submissions/p01/buggy_no_release_on_cancel.py: 8/10).
import asyncio


async def _nothing():
    return None


async def _io():
    # await a child task whose first step is postponed by the I/O's duration
    loop = asyncio.get_running_loop()
    child = loop.create_task(_nothing())
    handle = loop._ready[-1]          # the child's first step, just scheduled by create_task
    step = handle._callback
    handle.cancel()
    loop.call_later(0.001, step)      # ... now run 1 ms later: the "I/O"
    await child


async def increment(counter, lock, n):
    for _ in range(n):
        await lock.acquire()
        try:
            current = counter[0]
            await _io()
            counter[0] = current + 1
        except Exception:          # BUG: CancelledError is no Exception: a cancelled update keeps the lock
            lock.release()
            raise
        lock.release()
