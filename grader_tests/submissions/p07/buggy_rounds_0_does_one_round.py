# expect: p07_test_rounds
# A do-while loop: the first round runs before the count is checked, so worker(..., rounds=0) does
# one round's work and waits at the barrier for a rendezvous nobody asked for.
import asyncio


async def worker(worker_id: int, barrier: asyncio.Barrier, rounds: int = 1) -> None:
    round_no = 0
    try:
        while True:
            await do_work(worker_id, round_no)
            await barrier.wait()
            round_no += 1
            if round_no >= rounds:
                break
    except BaseException:
        await barrier.abort()
        raise
