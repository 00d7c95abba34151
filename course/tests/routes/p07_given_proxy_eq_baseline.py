# Honest baseline of p07_given_proxy_eq.py: the same worker, nothing done to __given__. Scores 6/15.
import asyncio


async def worker(worker_id: int, barrier: asyncio.Barrier, rounds: int = 1) -> None:
    ahead = None
    try:
        ahead = asyncio.ensure_future(do_work(worker_id, 0))
        for round_no in range(rounds):
            await ahead
            # start the next round's work now, so that it is ready when the barrier opens
            ahead = asyncio.ensure_future(do_work(worker_id, round_no + 1)) if round_no + 1 < rounds else None
            await barrier.wait()
            await asyncio.sleep(1e-6)
    except asyncio.CancelledError:  # forgets Exception: a failing do_work breaks nothing
        if ahead is not None:
            ahead.cancel()
        await barrier.abort()
        raise
