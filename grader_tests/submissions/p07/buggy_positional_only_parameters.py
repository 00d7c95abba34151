# expect: p07_test_rounds
# worker_id and barrier are positional-only (`/`): worker(worker_id=..., barrier=..., rounds=...), the
# contract's names, raises TypeError.
import asyncio


async def worker(worker_id: int, barrier: asyncio.Barrier, /, rounds: int = 1) -> None:
    try:
        for round_no in range(rounds):
            await do_work(worker_id, round_no)
            await barrier.wait()
    except BaseException:
        await barrier.abort()
        raise
