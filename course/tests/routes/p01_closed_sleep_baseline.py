# baseline of p01_closed_sleep: p01_timer_pause_baseline with the same hand-stepped sleep pause
# Correct, but it pauses 10 us after taking the lock, outside its try: a task cancelled in that pause (a
# deadline) keeps the lock for good.
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


async def increment(counter, lock, n):
    for _ in range(n):
        await lock.acquire()
        await _pause(1e-5)  # bug: cancelled here, the lock is never released
        try:
            current = counter[0]
            await simulated_io()
            counter[0] = current + 1
        finally:
            lock.release()
