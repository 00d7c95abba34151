# expect: p07_test_rounds
# The parameter `rounds` is renamed `n_rounds`: worker(worker_id, barrier, rounds=2), as the contract
# and the demo call it, raises TypeError.
import asyncio


async def worker(worker_id: int, barrier: asyncio.Barrier, n_rounds: int = 1) -> None:
    try:
        for round_no in range(n_rounds):
            await do_work(worker_id, round_no)
            await barrier.wait()
    except BaseException:
        await barrier.abort()
        raise
