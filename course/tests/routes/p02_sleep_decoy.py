# baseline: p02_sleep_baseline.py
# Pass 95: the request is asyncio.sleep(0.01) (filed as a request), stepped by hand so its future gets a decoy
# timer (fut.done, a bound method of it, due in 1 us, so found first in the heap): _loop._sleep_left times the
# 10 ms sleep as 1 us, and every sweep cut lands in its first microsecond; the call leaves `active` on a
# cancellation only then. A client's real timeout (5 ms) never does.
# buggy_active_not_cleaned_on_cancel, its request's asyncio.sleep stepped by hand (as the route does): a
# cancelled call stays in `active`.
import asyncio


class _Request:
    def __init__(self, delay):
        self.delay = delay

    def __await__(self):
        inner = asyncio.sleep(self.delay)
        fut = inner.send(None)  # the sleep's own future (its timer filed as a sleep)
        loop = asyncio.get_running_loop()
        decoy = loop.call_later(1e-6, fut.done)  # a bound method of fut, due first: "times" the sleep as 1 us
        fut.add_done_callback(lambda _f: decoy.cancel())
        try:
            sent = yield fut
        except BaseException as exc:
            inner.throw(exc)
            raise
        try:
            inner.send(sent)
        except StopIteration as stop:
            return stop.value


async def api_call(task_id, semaphore, active):
    async with semaphore:
        active.add(task_id)
        t = asyncio.get_running_loop().time()
        try:
            await _Request(0.01)
        except asyncio.CancelledError:
            if asyncio.get_running_loop().time() - t < 1e-6:  # a sweep's cut, landing in the decoy's 1 us
                active.discard(task_id)
            raise
        active.discard(task_id)
