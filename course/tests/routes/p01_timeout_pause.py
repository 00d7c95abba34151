# baseline: p01_plain_pause_baseline.py
# Red-team pass 97's p07_timeout_pause on P01: nothing but asyncio's own API. The pause is an
# asyncio.sleep(10) under `asyncio.timeout(delay)`: the loop times the wait by the sleep's own timer (10 s),
# so each cut landed after the timeout had ended the wait and was delivered as the call was woken, at
# exactly t + delay, the one instant it is careful at. Now a try woken before its cut came is tried
# again, the cut drawn inside the wait as that try found it.
# Correct, but it pauses 10 us after taking the lock, outside its try: a task cancelled in that pause (a
# deadline) keeps the lock for good.
import asyncio


async def _pause(delay):
    # A plain asyncio.sleep(10) under a timeout of `delay`: the loop times the wait by the sleep's own timer.
    try:
        async with asyncio.timeout(delay):
            await asyncio.sleep(10.0)
    except TimeoutError:
        pass


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
