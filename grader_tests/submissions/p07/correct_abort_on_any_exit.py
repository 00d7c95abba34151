# expect: full marks
# The reference style: any exception (cancellation included) breaks the barrier, then
# goes on.
import asyncio


async def worker(worker_id: int, barrier: asyncio.Barrier, rounds: int = 1) -> None:
    try:
        for round_no in range(rounds):
            await do_work(worker_id, round_no)
            await barrier.wait()
    except BaseException:
        await barrier.abort()
        raise
