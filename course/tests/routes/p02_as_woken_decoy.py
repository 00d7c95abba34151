# baseline: p02_timer_pause_baseline.py
# Pass 95: the request's future gets a decoy timer (fut.done, a bound method of it, 10 s out, withdrawn once
# it is done): _loop._sleep_left times the wait as 10 s, so every sweep cut lands uniformly in 10 s and is
# delivered as woken, at exactly t + 0.01; the call leaves `active` on a cancellation only then.
import asyncio


def _pause(delay):
    loop = asyncio.get_running_loop()
    fut = loop.create_future()
    loop.call_later(delay, lambda: fut.done() or fut.set_result(None))
    decoy = loop.call_later(10.0, fut.done)  # a bound method of fut: the loop "times" the wait as 10 s
    fut.add_done_callback(lambda _f: decoy.cancel())
    return fut


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
