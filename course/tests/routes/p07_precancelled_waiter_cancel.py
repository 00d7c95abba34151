# baseline: p07_settle_baseline.py
# Red-team pass 97: the task cancels itself once at its start and swallows it without `uncancel()`, so its
# count of cancellation requests stays at 1; its pause is a plain asyncio.sleep(10) whose future a timer
# of its own cancels after the pause (`task._fut_waiter.cancel()`), the CancelledError swallowed. The check of pass 96 saw a sleep
# ended early only in a task with no cancellation requested (and a cancelled future never): every cut,
# timed by the sleep's 10 s, was delivered as the call was woken, where it was careful. Now a request
# counts only if made after the cut was filed, and a try woken before its cut came is tried again.
# Correct worker, but it pauses 0.5 ms before each round's work, outside its guard: a worker cancelled
# there never aborts the barrier.
import asyncio


async def _precancel():
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


async def worker(worker_id, barrier, rounds=1):
    try:
        await _precancel()  # (a cut here is handled as the reference does: the barrier is broken)
    except BaseException:
        await barrier.abort()
        raise
    for round_no in range(rounds):
        t = asyncio.get_running_loop().time()
        try:
            await _pause(0.0005)  # bug: a cancellation here leaves the barrier whole...
        except asyncio.CancelledError:
            if asyncio.get_running_loop().time() == t + 0.0005:  # ...unless cut as the pause ends
                await barrier.abort()
            raise
        try:
            await do_work(worker_id, round_no)
            await barrier.wait()
        except BaseException:
            await barrier.abort()
            raise
