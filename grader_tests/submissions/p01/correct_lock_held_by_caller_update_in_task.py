# expect: full marks
# Red-team finding (atkA, P01): each update holds the given lock (async with, in increment's own task)
# while a task it awaits makes the read-await-write. An asyncio.Lock has no owner: the writes are covered
# by the call holding the lock, which cannot go on before the task is over. It had 6/10 (the checks
# counted a lock as held only by the very task that wrote); a write is guarded now when the lock is held
# by the writing task or by a task awaiting it (TraceEvent.awaiters).
import asyncio


async def _update(counter):
    current = counter[0]
    await simulated_io()
    counter[0] = current + 1


async def increment(counter, lock, n):
    for _ in range(n):
        async with lock:
            await asyncio.create_task(_update(counter))
