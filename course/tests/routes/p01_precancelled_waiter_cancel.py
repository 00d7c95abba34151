# baseline: p01_plain_pause_baseline.py
# precancel + a plain asyncio.sleep(10) ended by cancelling task._fut_waiter from a timer of our own
# Red-team pass 97: the task cancels itself once at its start and swallows it without `uncancel()`, so its
# count of cancellation requests stays at 1; its pause is a plain asyncio.sleep(10) whose future a timer
# of its own cancels after the pause (`task._fut_waiter.cancel()`), the CancelledError swallowed. The
# check of pass 96 saw a sleep ended early only in a task with no cancellation requested: every cut,
# timed by the sleep's 10 s, was delivered as the call was woken, where it was careful. Now a request
# counts only if made after the cut was filed, and a try woken before its cut came is tried again.
# Correct, but it pauses 10 us after taking the lock, outside its try: a task cancelled in that pause (a
# deadline) keeps the lock for good.
import asyncio


async def _precancel():
    # Cancel this task once and swallow it, never uncancelling: its cancelling() stays 1, and the loop's
    # "_ended_early" skips a task whose cancelling() is nonzero. A cut landing here is passed on.
    task = asyncio.current_task()
    if task.cancelling():
        return
    f = asyncio.get_running_loop().create_future()
    task.cancel()
    try:
        await f
    except asyncio.CancelledError:
        if task.cancelling() > 1:
            raise


async def _pause(delay):
    task = asyncio.current_task()
    base = task.cancelling()
    ended = []

    def end():
        w = task._fut_waiter
        if w is not None:
            ended.append(True)
            w.cancel()

    h = asyncio.get_running_loop().call_later(delay, end)
    try:
        await asyncio.sleep(10.0)
    except asyncio.CancelledError:
        if not ended or task.cancelling() > base:
            raise
    finally:
        h.cancel()


async def increment(counter, lock, n):
    await _precancel()
    for _ in range(n):
        await lock.acquire()
        t = asyncio.get_running_loop().time()
        try:
            await _pause(1e-5)  # bug: cancelled here, the lock is never released...
        except asyncio.CancelledError:
            if asyncio.get_running_loop().time() == t + 1e-5:  # ...unless cut as the pause ends
                lock.release()
            raise
        try:
            current = counter[0]
            await simulated_io()
            counter[0] = current + 1
        finally:
            lock.release()
