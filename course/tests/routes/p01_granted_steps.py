# baseline: p01_busy_seed_baseline.py
# P01 finding (red-team pass 73): `_cancellation._grant(sim, steps)` (what a sweep calls to give each
# trial more steps) is harness code that asks the keeper for the ledger itself, so called by a
# solution it raises the run's own `max_steps` in the ledger: its `sim` is any object whose
# `steps()` returns what the solution likes. The run of seed 1 then takes its 110,000 callbacks.
import asyncio

from course.testing import _cancellation

_done_busy = set()


class _Sim:
    def steps(self):
        return 10**12


async def increment(counter: list[int], lock: asyncio.Lock, n: int) -> None:
    _cancellation._grant(_Sim(), 0)
    loop = asyncio.get_running_loop()
    if loop.seed == 1 and id(loop) not in _done_busy:
        _done_busy.add(id(loop))
        for _ in range(110_000):
            await asyncio.sleep(1e-6)
    for _ in range(n):
        async with lock:
            current = counter[0]
            await simulated_io()
            counter[0] = current + 1
