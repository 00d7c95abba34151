# expect: p07_test_broken
# Remembers a BrokenBarrierError, does its remaining rounds anyway (waiting at the broken barrier
# again each round), and raises the error only at the end: the error goes on, but late, after rounds
# that never met.
import asyncio


async def worker(worker_id: int, barrier: asyncio.Barrier, rounds: int = 1) -> None:
    broke = None
    try:
        for round_no in range(rounds):
            await do_work(worker_id, round_no)
            try:
                await barrier.wait()
            except asyncio.BrokenBarrierError as error:
                broke = broke or error
    except BaseException:
        await barrier.abort()
        raise
    if broke is not None:
        raise broke
