# expect: p07_test_rounds
# Does at least one round (range(max(rounds, 1))): worker(..., rounds=0) waits at the barrier.
import asyncio


async def worker(worker_id: int, barrier: asyncio.Barrier, rounds: int = 1) -> None:
    try:
        for round_no in range(max(rounds, 1)):
            await do_work(worker_id, round_no)
            await barrier.wait()
    except BaseException:
        await barrier.abort()
        raise
