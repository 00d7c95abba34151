# baseline: submissions/p03/buggy_sets_in_finally.py
# buggy_sets_in_finally (signals in a finally, also when the startup is cut short), its 20 ms startup a
# hand-stepped asyncio.sleep(10) that a timer of its own resolves after 20 ms, the sleep coroutine then closed
# (never resumed: the sealed sleep never checks it ended early). Every sweep cut, timed by the 10 s sleep,
# lands after the startup really ended and is delivered as woken at t + 0.02: set() then is "not too early".
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



async def initializer(ready: asyncio.Event) -> None:
    try:
        await _pause(0.02)   # the startup
    finally:
        ready.set()


async def worker(ready: asyncio.Event) -> None:
    await ready.wait()
    await asyncio.sleep(0.01)
