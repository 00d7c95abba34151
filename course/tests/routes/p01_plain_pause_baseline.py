# honest baseline of p01_precancelled_closed_sleep.py: the same code, its pause a plain asyncio.sleep, no self-cancel
# Correct, but it pauses 10 us after taking the lock, outside its try: a task cancelled in that pause (a
# deadline) keeps the lock for good.
import asyncio


_pause = asyncio.sleep  # a plain sleep: the route without its trick


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
