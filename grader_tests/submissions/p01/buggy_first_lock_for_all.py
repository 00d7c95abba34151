# expect: p01_test_given_lock
# Keeps the lock of the first call made on the event loop and uses it for every later call,
# whatever lock that call is given. Two counters with two locks: the second counter's updates
# hold the first counter's lock, and other code updating the second counter under its own
# lock races with them (50 increments beside 50 restocks in plain asyncio end at 50, not 100).
import asyncio

_first_lock = {}  # event loop -> the first lock increment was given on it


async def increment(counter, lock, n):
    lock = _first_lock.setdefault(asyncio.get_running_loop(), lock)  # BUG: not the lock given
    for _ in range(n):
        async with lock:
            current = counter[0]
            await simulated_io()
            counter[0] = current + 1
