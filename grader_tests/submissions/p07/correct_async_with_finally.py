# expect: full marks
# `async with barrier` for each rendezvous, and a `finally` that breaks the barrier
# unless every round was completed.
import asyncio


async def worker(worker_id, barrier, rounds=1):
    completed = 0
    try:
        while completed < rounds:
            await do_work(worker_id, completed)
            async with barrier:
                completed += 1
    finally:
        if completed < rounds:
            await barrier.abort()
