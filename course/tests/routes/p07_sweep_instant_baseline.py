# Breaks the barrier when its work raises, or when cancelled while waiting at it; not when cancelled during its
# work: a worker cancelled mid-work (a deadline) never arrives, and the others wait for it for good.
import asyncio


async def worker(worker_id, barrier, rounds=1):
    for round_no in range(rounds):
        try:
            await do_work(worker_id, round_no)
        except Exception:
            await barrier.abort()
            raise
        try:
            await barrier.wait()
        except asyncio.CancelledError:
            await barrier.abort()
            raise
