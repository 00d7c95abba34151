# baseline: p04_sweep_instant_baseline.py
# Fingerprint variant of routes/p04_sweep_careful_when_instant.py: the cleanup runs only when the time elapsed in the pause is 0 or one of the lag fractions every_suspension can draw (seeds < 200) of its 0.0002 s.
import asyncio
from collections import deque
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



async def producer(queue: deque, condition: asyncio.Condition, items: list) -> None:
    loop = asyncio.get_running_loop()
    for item in items:
        await condition.acquire()
        queue.append(item)
        t = loop.time()
        try:
            await asyncio.sleep(0.0002)
        except asyncio.CancelledError:
            if _swept(loop.time() - t, 0.0002):
                condition.notify()
                condition.release()
            raise
        condition.notify()
        condition.release()


async def consumer(queue: deque, condition: asyncio.Condition, n: int) -> list:
    taken = []
    for _ in range(n):
        async with condition:
            await condition.wait_for(lambda: len(queue) > 0)
            taken.append(queue.popleft())
    return taken
