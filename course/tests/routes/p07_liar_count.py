# baseline: p07_extra_wait_baseline.py
import asyncio


class _Count(int):
    """The barrier's count, as an int for asyncio (+=, -=, ==, >), but `count <= x` (the
    checks' audit of a barrier) is always True."""

    def __iadd__(self, other):
        return _Count(int(self) + other)

    def __isub__(self, other):
        return _Count(int(self) - other)

    def __le__(self, other):
        return True


async def worker(worker_id: int, barrier: asyncio.Barrier, rounds: int = 1) -> None:
    """Each round: do this worker's work, then wait at `barrier` for all the others."""
    if type(barrier._count) is int:
        barrier._count = _Count(barrier._count)
    try:
        # BUG: an extra rendezvous before the first round: one wait more per worker than rounds.
        # Through asyncio.Barrier's own wait(): the checks' ledger sees no arrival, no pass.
        await asyncio.Barrier.wait(barrier)
        for round_no in range(rounds):
            await do_work(worker_id, round_no)
            await barrier.wait()
    except BaseException:
        await barrier.abort()
        raise
