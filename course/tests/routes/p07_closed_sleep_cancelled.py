# baseline: p07_closed_sleep_cancelled_baseline.py
# Red-team pass 96: pass 95's p07_as_woken_decoy with its pause a real asyncio.sleep(10) stepped by hand, its
# future resolved by a timer of its own after the pause, the sleep's coroutine then closed (never resumed,
# so the sealed sleep's "ended early" check never ran). The loop timed the wait by the sleep's own timer
# (10 s), so every sweep cut landed after the pause had ended and was delivered as the call was woken, at
# exactly t + delay; the call is careful only then. Now a sleep woken before its own timer fails the check.
# The pause ends by closing the sleep at `delay` (its own `finally` cancels the sleep's future): the
# task, not cancelled itself, swallows that CancelledError and goes on.
# Correct worker, but it pauses 0.5 ms ("settle") before each round's work, outside its guard: a worker
# cancelled in that pause (a deadline) never arrives and never aborts the barrier; the others wait for good.
import asyncio


class _Pause:
    # A real asyncio.sleep(10) stepped by hand: its future (whose timer, 10 s out, is what the checks time
    # this wait by) is cancelled after `delay` by closing the sleep, never resumed, so the sealed sleep's
    # "ended early" check never runs; the task, not cancelled itself, swallows it and goes on.
    def __init__(self, delay):
        self.delay = delay

    def __await__(self):
        inner = asyncio.sleep(10.0)
        fut = inner.send(None)
        ended = []

        def end():
            ended.append(True)
            inner.close()  # (asyncio.sleep's `finally` cancels the future the task awaits: it wakes)

        h = asyncio.get_running_loop().call_later(self.delay, end)
        try:
            yield fut
        except asyncio.CancelledError:
            if not ended or asyncio.current_task().cancelling():
                raise  # (a cancellation of the task: it passes on)
        finally:
            h.cancel()
            inner.close()


def _pause(delay):
    return _Pause(delay)


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
