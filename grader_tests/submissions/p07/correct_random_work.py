# expect: full marks
# Each round's work takes a random 10-40 ms (random.uniform, the random module's own generator), then the
# rendezvous (fairness test, red-team pass 76: a sweep's trials must draw the same pauses).
import asyncio
import random


async def worker(worker_id, barrier, rounds=1):
    try:
        for round_no in range(rounds):
            await asyncio.sleep(random.uniform(0.01, 0.04))  # this round's work
            await barrier.wait()
    except BaseException:
        await barrier.abort()
        raise
