# baseline: submissions/p07/buggy_skips_broken_barrier_keeps_working.py
# Route: p07_test_broken's abort scene notes each do_work call as (worker_id, round_no) *as the worker passed
# them* (the swapped-in noted_work records its own arguments) and finds round-2 work begun after the break
# with `round_no >= 2`. The worker passes do_work an int subclass for round_no whose `>=` is always False
# (arithmetic, `==` and hashing stay int's: do_work's sleep and the failing-work trials work as before), so
# no noted call is ever "round 2 or later". The baseline's bug (once the barrier is broken it stops waiting
# but does its remaining rounds' work anyway) is not seen.
import asyncio


class _Round(int):
    def __ge__(self, other):
        return False

    __hash__ = int.__hash__


async def worker(worker_id: int, barrier: asyncio.Barrier, rounds: int = 1) -> None:
    broken = False
    try:
        for round_no in range(rounds):
            await do_work(worker_id, _Round(round_no))
            if broken:
                continue
            try:
                await barrier.wait()
            except asyncio.BrokenBarrierError:
                broken = True
    except BaseException:
        await barrier.abort()
        raise
