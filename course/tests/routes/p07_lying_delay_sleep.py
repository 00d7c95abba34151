# baseline: p07_lying_delay_sleep_baseline.py
# Red-team pass 96: pass 95's p07_as_woken_decoy with its pause a real asyncio.sleep(10) stepped by hand, its
# future resolved by a timer of its own after the pause, the sleep's coroutine then closed (never resumed,
# so the sealed sleep's "ended early" check never ran). The loop timed the wait by the sleep's own timer
# (10 s), so every sweep cut landed after the pause had ended and was delivered as the call was woken, at
# exactly t + delay; the call is careful only then. Now a sleep woken before its own timer fails the check.
# The sleep is awaited as usual, its delay a float subclass that says it is not > 0 (the sealed sleep
# skipped its check on that), its future resolved through the task's `_fut_waiter`.
# Correct worker, but it pauses 0.5 ms ("settle") before each round's work, outside its guard: a worker
# cancelled in that pause (a deadline) never arrives and never aborts the barrier; the others wait for good.
import asyncio


class _Ten(float):
    # 10.0, saying it is not greater than anything: the sealed sleep's `delay > 0` then said "no wait
    # here" and skipped its "ended early" check, while the loop read the delay's real value.
    def __gt__(self, other):
        return False


async def _pause(delay):
    # A real asyncio.sleep(10) (timed by the checks as 10 s) whose future a timer of our own resolves
    # after `delay`, found as the task's own `_fut_waiter`.
    task = asyncio.current_task()

    def end():
        waiter = task._fut_waiter
        if waiter is not None and not waiter.done():
            waiter.set_result(None)

    h = asyncio.get_running_loop().call_later(delay, end)
    try:
        await asyncio.sleep(_Ten(10.0))
    finally:
        h.cancel()


async def worker(worker_id, barrier, rounds=1):
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
