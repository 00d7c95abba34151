# expect: full marks
# Each round's work takes 10-40 ms drawn from a seeded generator of the solution's own (made with the cell),
# then the rendezvous. A check begins by setting what is alive aside from gc, whose scan a sweep used to
# find the generators to replay in each trial: this one was missed, its draws went on from trial to trial,
# and the cut trials went another way than the uncut one (p07_test_broken lost, 0/5).
import asyncio
import random

pauses = random.Random(2026)


async def worker(worker_id, barrier, rounds=1):
    try:
        for round_no in range(rounds):
            await asyncio.sleep(pauses.uniform(0.01, 0.04))  # this round's work
            await barrier.wait()
    except BaseException:
        await barrier.abort()
        raise
