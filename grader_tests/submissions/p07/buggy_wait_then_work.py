# expect: p07_test_rounds
# Meets the others first, then works: the first rendezvous comes before any work, and the last
# round's work is followed by no rendezvous (a worker returns while others still work round rounds-1).
import asyncio


async def worker(worker_id: int, barrier: asyncio.Barrier, rounds: int = 1) -> None:
    try:
        for round_no in range(rounds):
            await barrier.wait()                 # meet first, then work
            await do_work(worker_id, round_no)
    except BaseException:
        await barrier.abort()
        raise
