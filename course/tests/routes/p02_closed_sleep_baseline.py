# baseline of p02_closed_sleep: p02_timer_pause_baseline with the same hand-stepped sleep pause
# buggy_active_not_cleaned_on_cancel, its request made through a lambda timer: a cancelled call stays in `active`.
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


async def api_call(task_id, semaphore, active):
    async with semaphore:
        active.add(task_id)
        await _pause(0.01)
        active.discard(task_id)
