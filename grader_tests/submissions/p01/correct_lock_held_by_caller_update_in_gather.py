# expect: full marks
# Same correct style, another shape: the call holds the lock around an asyncio.gather of the update
# (which runs it in a task of its own); the lock covers the write made by the task the call awaits.
import asyncio


async def _update(counter):
    current = counter[0]
    await simulated_io()
    counter[0] = current + 1


async def increment(counter, lock, n):
    for _ in range(n):
        async with lock:
            await asyncio.gather(_update(counter))
