# expect: full marks
# Breaks the barrier when cancelled or failing; when the barrier is broken by someone
# else, it stops quietly (returns None) instead of raising. The checks accept both.
import asyncio


async def worker(worker_id, barrier, rounds=1):
    for round_no in range(rounds):
        try:
            await do_work(worker_id, round_no)
            await barrier.wait()
        except asyncio.BrokenBarrierError:
            return
        except BaseException:
            await barrier.abort()
            raise
