# expect: full marks
# Written from the contract alone: its own staggered work instead of do_work(), and
# separate handlers for cancellation and for errors.
import asyncio


async def worker(worker_id, barrier, rounds=1):
    for round_no in range(rounds):
        try:
            await asyncio.sleep(0.003 * ((worker_id * 5 + round_no) % 7 + 1))
            await barrier.wait()
        except asyncio.CancelledError:
            await barrier.abort()
            raise
        except Exception:
            await barrier.abort()
            raise
