# baseline of p07_closed_sleep_cancelled: p07_closed_sleep_baseline with that route's pause
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
        await _pause(0.0005)  # bug: a cancellation here leaves the barrier whole
        try:
            await do_work(worker_id, round_no)
            await barrier.wait()
        except BaseException:
            await barrier.abort()
            raise
