# expect: p07_test_broken
# Once the barrier is broken it stops waiting at it but does its remaining rounds' work anyway (no
# rendezvous), then returns None as if every round had met. A broken barrier must end its rounds.
import asyncio


async def worker(worker_id: int, barrier: asyncio.Barrier, rounds: int = 1) -> None:
    broken = False
    try:
        for round_no in range(rounds):
            await do_work(worker_id, round_no)
            if broken:
                continue
            try:
                await barrier.wait()
            except asyncio.BrokenBarrierError:
                broken = True
    except BaseException:
        await barrier.abort()
        raise
