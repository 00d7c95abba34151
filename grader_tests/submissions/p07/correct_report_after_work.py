# expect: full marks
# Each round: the given work, then a short report (10 or 20 ms), then the rendezvous: two workers' arrivals
# are due at the same moment, which virtual time (a float) can put one rounding apart in one run of a
# cancellation sweep and not in another (fairness test, red-team pass 76: it lost p07_test_broken once).
import asyncio


async def report(worker_id: int, round_no: int) -> None:
    """Send this round's result somewhere (simulated I/O)."""
    await asyncio.sleep(0.003 + 0.01 * (worker_id % 2))


async def worker(worker_id: int, barrier: asyncio.Barrier, rounds: int = 1) -> None:
    try:
        for round_no in range(rounds):
            await do_work(worker_id, round_no)
            await report(worker_id, round_no)
            await barrier.wait()
    except BaseException:
        await barrier.abort()
        raise
