# baseline: p07_baseline.py
import asyncio


async def worker(worker_id: int, barrier: asyncio.Barrier, rounds: int = 1) -> None:
    """Each round: do this worker's work, then wait at `barrier` for all the others."""
    try:
        for _ in range(40):  # 40 suspension points that clean up: every_suspension tries no more
            await asyncio.sleep(0)
    except BaseException:
        await barrier.abort()
        raise
    # BUG: a worker cancelled (or failing) never aborts the barrier: the others hang at it.
    for round_no in range(rounds):
        await do_work(worker_id, round_no)
        await barrier.wait()
