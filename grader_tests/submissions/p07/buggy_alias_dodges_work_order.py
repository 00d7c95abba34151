# expect: p07_test_rounds
# Starts round k+1's work before round k's rendezvous (in a task of its own) and arrives 1 us after
# the rendezvous, calling the given do_work through an alias (`work = do_work`).
import asyncio

work = do_work  # short alias of the given do_work


async def worker(worker_id: int, barrier: asyncio.Barrier, rounds: int = 1) -> None:
    ahead = None
    try:
        ahead = asyncio.ensure_future(work(worker_id, 0))
        for round_no in range(rounds):
            await ahead
            # start the next round's work now, so that it is ready when the barrier opens
            ahead = asyncio.ensure_future(work(worker_id, round_no + 1)) if round_no + 1 < rounds else None
            await barrier.wait()
            await asyncio.sleep(1e-6)
    except BaseException:
        if ahead is not None:
            ahead.cancel()
        await barrier.abort()
        raise
