# baseline: submissions/p06/buggy_appends_half_way_through_processing.py
# That buggy consumer (appends half way through processing), its second half a hand-stepped asyncio.sleep(10)
# resolved after 2.5 ms by a timer of its own, the sleep coroutine then closed: every sweep cut there is
# delivered as woken at the end of processing, where the early append is no longer early (each_once +3),
# at the cost of share_work (-2: the pause is no traced sleep). Net +1.
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



async def producer(queue: asyncio.Queue, n: int) -> None:
    for item in range(n):
        await queue.put(item)


async def consumer(queue: asyncio.Queue, results: list) -> None:
    loop = asyncio.get_running_loop()
    while True:
        item = await queue.get()
        await asyncio.sleep(0.0025)
        results.append(item)
        t = loop.time()
        try:
            await _pause(0.0025)
        except asyncio.CancelledError:
            if False:
                results.pop()
            raise
        queue.task_done()
