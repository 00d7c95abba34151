# expect: p07_test_broken
# Breaks the barrier only when cancelled (a worker whose work raises leaves the others waiting), and
# holds the given do_work in a default argument: the failing work must reach it all the same.
import asyncio


async def worker(worker_id: int, barrier: asyncio.Barrier, rounds: int = 1, _work=do_work) -> None:
    try:
        for round_no in range(rounds):
            await _work(worker_id, round_no)
            await barrier.wait()
    except asyncio.CancelledError:
        await barrier.abort()
        raise
