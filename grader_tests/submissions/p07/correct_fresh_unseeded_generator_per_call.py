# expect: full marks
# Each worker call makes its own generator with no seed (fresh entropy) for its rounds' work, 10-40 ms:
# in a check process a seed asked for without one is drawn from the run, so each trial of a sweep draws
# what its uncut run drew (before, from the operating system: other pauses in each trial, the cut trials
# went another way than the uncut one, and p07_test_broken scored 0/5; red-team pass 89).
import asyncio
import random


async def worker(worker_id, barrier, rounds=1):
    rng = random.Random()  # each worker's jitter its own
    try:
        for round_no in range(rounds):
            await asyncio.sleep(rng.uniform(0.01, 0.04))  # this round's work
            await barrier.wait()
    except BaseException:
        await barrier.abort()
        raise
