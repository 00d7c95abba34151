import asyncio

# BUG (an impatient worker): it gives up waiting at the barrier after PATIENCE seconds (TimeoutError, the barrier
# broken), where the contract says no worker passes before all have arrived, however late the last one comes.
PATIENCE = 60.0


async def _rendezvous(barrier):
    await asyncio.wait_for(barrier.wait(), PATIENCE)  # the loop's clock: virtual time under the checks


async def worker(worker_id: int, barrier: asyncio.Barrier, rounds: int = 1) -> None:
    try:
        for round_no in range(rounds):
            await do_work(worker_id, round_no)
            await _rendezvous(barrier)
    except BaseException:
        await barrier.abort()
        raise
