# expect: p07_test_broken
# Swallows BrokenBarrierError at each round's barrier and carries on with its later rounds (no
# rendezvous any more), then returns None as if every round had met. A broken barrier must end its rounds.
import asyncio


async def worker(worker_id: int, barrier: asyncio.Barrier, rounds: int = 1) -> None:
    try:
        for round_no in range(rounds):
            await do_work(worker_id, round_no)
            try:
                await barrier.wait()
            except asyncio.BrokenBarrierError:
                continue  # a party left: carry on with my remaining rounds without it
    except BaseException:
        await barrier.abort()
        raise
