# expect: p07_test_rounds
# Starts round k+1's work before round k's rendezvous (in a task of its own) and arrives 1 us after
# the rendezvous, calling the given do_work through functools.partial, from a closure.
import asyncio
import functools


def make_worker(work):
    async def worker(worker_id: int, barrier: asyncio.Barrier, rounds: int = 1) -> None:
        ahead = None
        try:
            ahead = asyncio.ensure_future(work(worker_id, 0))
            for round_no in range(rounds):
                await ahead
                ahead = asyncio.ensure_future(work(worker_id, round_no + 1)) if round_no + 1 < rounds else None
                await barrier.wait()
                await asyncio.sleep(1e-6)
        except BaseException:
            if ahead is not None:
                ahead.cancel()
            await barrier.abort()
            raise
    return worker


worker = make_worker(functools.partial(do_work))
