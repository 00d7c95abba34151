# baseline: p02_closed_sleep_baseline.py
# Red-team pass 96: pass 95's p02_as_woken_decoy with its pause a real asyncio.sleep(10) stepped by hand, its
# future resolved by a timer of its own after the pause, the sleep's coroutine then closed (never resumed,
# so the sealed sleep's "ended early" check never ran). The loop timed the wait by the sleep's own timer
# (10 s), so every sweep cut landed after the pause had ended and was delivered as the call was woken, at
# exactly t + delay; the call is careful only then. Now a sleep woken before its own timer fails the check.
# Bug (as buggy_active_not_cleaned_on_cancel): a cancelled call stays in `active`, unless cut as the wait ends.
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
    loop = asyncio.get_running_loop()
    async with semaphore:
        active.add(task_id)
        t = loop.time()
        try:
            await _pause(0.01)
        except asyncio.CancelledError:
            if loop.time() == t + 0.01:  # cut exactly as the request ended: a sweep's cut, delivered as woken
                active.discard(task_id)
            raise
        active.discard(task_id)
