# expect: full marks
# Each round's work takes 10-40 ms drawn from a generator of the solution's own class, made at the first
# call (in an earlier check than the sweep's): a sweep must replay its draws in every trial as it does the
# random module's (before, the cut trials went another way than the uncut one: p07_test_broken 0/5).
import asyncio
import random


class Pauses(random.Random):
    """How long each round's work takes, in seconds."""

    def next_pause(self) -> float:
        return self.uniform(0.01, 0.04)


_pauses = None


async def worker(worker_id, barrier, rounds=1):
    global _pauses
    if _pauses is None:
        _pauses = Pauses(7)
    try:
        for round_no in range(rounds):
            await asyncio.sleep(_pauses.next_pause())  # this round's work
            await barrier.wait()
    except BaseException:
        await barrier.abort()
        raise
