# Correct, but it pauses 10 us after taking the lock, outside its try: a task cancelled in that pause (a
# deadline) keeps the lock for good.
import asyncio


def _pause(delay):
    loop = asyncio.get_running_loop()
    fut = loop.create_future()
    loop.call_later(delay, lambda: fut.done() or fut.set_result(None))
    return fut


async def increment(counter, lock, n):
    for _ in range(n):
        await lock.acquire()
        await _pause(1e-5)  # bug: cancelled here, the lock is never released
        try:
            current = counter[0]
            await simulated_io()
            counter[0] = current + 1
        finally:
            lock.release()
