# baseline of p07_closed_sleep: p07_timer_pause_baseline with the same hand-stepped sleep pause
# Correct worker, but it pauses 0.5 ms ("settle") before each round's work, outside its guard: a worker
# cancelled in that pause (a deadline) never arrives and never aborts the barrier; the others wait for good.
import asyncio


class _Pause:
    # A real asyncio.sleep(10) stepped by hand: its future (whose timer, 10 s out, is what the checks time
    # this wait by) is resolved by a timer of our own after `delay`; the sleep's coroutine is then closed,
    # never resumed, so the sealed sleep's "ended early" check never runs.
    def __init__(self, delay):
        self.delay = delay

    def __await__(self):
        inner = asyncio.sleep(10.0)
        fut = inner.send(None)
        h = asyncio.get_running_loop().call_later(self.delay, lambda: fut.done() or fut.set_result(None))
        try:
            yield fut
        finally:
            h.cancel()
            inner.close()


def _pause(delay):
    return _Pause(delay)


async def worker(worker_id, barrier, rounds=1):
    for round_no in range(rounds):
        await _pause(0.0005)  # bug: a cancellation here leaves the barrier whole
        try:
            await do_work(worker_id, round_no)
            await barrier.wait()
        except BaseException:
            await barrier.abort()
            raise
