# baseline of p07_lying_delay_sleep: p07_closed_sleep_baseline with that route's pause
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
        await _pause(0.0005)  # bug: a cancellation here leaves the barrier whole
        try:
            await do_work(worker_id, round_no)
            await barrier.wait()
        except BaseException:
            await barrier.abort()
            raise
