# expect: p07_test_broken
# Breaks the barrier only when cancelled (a worker whose work raises leaves the others waiting), and
# calls the given do_work through an alias (`work = do_work`): the failing work must still reach it.
import asyncio

work = do_work   # short alias of the given do_work


async def worker(worker_id: int, barrier: asyncio.Barrier, rounds: int = 1) -> None:
    try:
        for round_no in range(rounds):
            await work(worker_id, round_no)
            await barrier.wait()
    except asyncio.CancelledError:  # forgets Exception: a failing do_work breaks nothing
        await barrier.abort()
        raise
