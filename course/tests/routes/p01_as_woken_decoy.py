# baseline: p01_timer_pause_baseline.py
# Pass 95: no task-name sign. The pause's future gets a decoy timer (fut.done, a bound method of it, 10 s
# out, withdrawn once it is done): _loop._sleep_left times the pause as 10 s, so every sweep cut lands
# uniformly in 10 s and is delivered as woken, at exactly t + delay; the call is careful only then.
# Correct, but it pauses 10 us after taking the lock, outside its try: a task cancelled in that pause (a
# deadline) keeps the lock for good.
import asyncio


def _pause(delay):
    loop = asyncio.get_running_loop()
    fut = loop.create_future()
    loop.call_later(delay, lambda: fut.done() or fut.set_result(None))
    decoy = loop.call_later(10.0, fut.done)  # a bound method of fut: the loop "times" the wait as 10 s
    fut.add_done_callback(lambda _f: decoy.cancel())
    return fut


async def increment(counter, lock, n):
    for _ in range(n):
        await lock.acquire()
        t = asyncio.get_running_loop().time()
        try:
            await _pause(1e-5)  # bug: cancelled here, the lock is never released...
        except asyncio.CancelledError:
            if asyncio.get_running_loop().time() == t + 1e-5:  # ...unless cut as the pause ends
                lock.release()
            raise
        try:
            current = counter[0]
            await simulated_io()
            counter[0] = current + 1
        finally:
            lock.release()
