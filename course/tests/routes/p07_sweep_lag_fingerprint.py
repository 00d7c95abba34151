# baseline: p07_sweep_instant_baseline.py
# Fingerprint variant of routes/p07_sweep_careful_when_instant.py: breaks the barrier when cancelled during its work
# only if the time elapsed in the work is 0 or a lag fraction every_suspension can draw (seeds < 200) of the given
# do_work's known length (10-40 ms by worker and round). A caller's deadline mid-work leaves the others waiting for good.
import asyncio
import bisect as _bisect
import random as _random_mod

# Every lag fraction a sweep can draw: 0.05 + 0.9 * random.Random(f"every_suspension lag {seed}").random(),
# for the first 64 suspensions, seeds 0-199 (explore's seeds are 0 .. n-1).
_FRACTIONS = []
for _s in range(200):
    _r = _random_mod.Random(f"every_suspension lag {_s}")
    _FRACTIONS += [0.05 + 0.9 * _r.random() for _ in range(64)]
_FRACTIONS.sort()
del _r, _s


def _swept(elapsed, length):
    """A sweep's cut: none of the suspension elapsed (a pre-trial's instant cut), or a drawn fraction of it."""
    if elapsed == 0:
        return True
    f = elapsed / length
    i = _bisect.bisect_left(_FRACTIONS, f - 1e-7)
    return i < len(_FRACTIONS) and abs(_FRACTIONS[i] - f) < 1e-7


async def worker(worker_id, barrier, rounds=1):
    loop = asyncio.get_running_loop()
    for round_no in range(rounds):
        t = loop.time()
        try:
            await do_work(worker_id, round_no)
        except asyncio.CancelledError:
            if _swept(loop.time() - t, 0.01 * (1 + (worker_id + 2 * round_no) % 4)):
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
