# expect: p01_test_given_lock
# Excludes its own calls with a lock of its own (one per counter) and holds the given lock
# only around the write. Other code that updates the counter under the given lock (a restock
# task doing its own read-await-write under `lock`) races with increment: increment reads
# counter[0] while that code holds the lock, and one of the two updates is lost (50
# increments beside 50 restocks in plain asyncio end at 50, not 100).
import asyncio

_own = {}


async def increment(counter, lock, n):
    mine = _own.setdefault((id(counter), asyncio.get_running_loop()), asyncio.Lock())
    for _ in range(n):
        async with mine:
            current = counter[0]
            await simulated_io()
            async with lock:  # BUG: the given lock covers the write only
                counter[0] = current + 1
