import asyncio


async def worker(worker_id: int, barrier: asyncio.Barrier, rounds: int = 1) -> None:
    """Each round: do this worker's work, then wait at `barrier` for all the others."""
    try:
        # BUG: an extra rendezvous before the first round: one wait more per worker than rounds.
        await barrier.wait()
        for round_no in range(rounds):
            await do_work(worker_id, round_no)
            await barrier.wait()
    except BaseException:
        await barrier.abort()
        raise
