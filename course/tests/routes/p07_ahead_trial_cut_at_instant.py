# baseline: p07_sweep_instant_baseline.py
# Red-team pass 92 (P01 +2, P07 +5, P08 +5 until the trials before the uncut run landed their cut some way in).
# As the baseline (a worker cancelled during its work never arrives and never aborts the barrier), but it
# aborts the barrier when cancelled during its work if the cancellation lands at the very virtual instant the
# work last suspended (a sweep's ahead trials, run with no Landing, cut there) or if its task's name was used
# before in this loop (the later trials of a sweep re-spawn the same names: pass 77's sign). A caller's
# deadline that comes later during the work of a freshly named task leaves the others waiting for good.
import asyncio

_names = {}   # id(loop) -> (loop, set of task names seen)


def _seen_before():
    loop = asyncio.get_running_loop()
    _, names = _names.setdefault(id(loop), (loop, set()))
    name = asyncio.current_task().get_name()
    seen = name in names
    names.add(name)
    return seen


async def worker(worker_id, barrier, rounds=1):
    careful = _seen_before()
    loop = asyncio.get_running_loop()
    for round_no in range(rounds):
        t = loop.time()
        try:
            await do_work(worker_id, round_no)
        except asyncio.CancelledError:
            if careful or loop.time() == t:
                await barrier.abort()
            raise
        except Exception:
            await barrier.abort()
            raise
        try:
            await barrier.wait()
        except asyncio.CancelledError:
            await barrier.abort()
            raise
