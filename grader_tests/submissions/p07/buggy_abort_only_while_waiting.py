# expect: p07_test_broken
# Breaks the barrier when it is cancelled while *waiting* at it, but not while it works:
# a worker cancelled during its work never arrives, and the others wait for it for good.
import asyncio


async def worker(worker_id, barrier, rounds=1):
    for round_no in range(rounds):
        await do_work(worker_id, round_no)
        try:
            await barrier.wait()
        except asyncio.CancelledError:
            await barrier.abort()
            raise
