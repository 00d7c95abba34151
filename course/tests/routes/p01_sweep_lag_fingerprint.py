# baseline: submissions/p01/buggy_no_release_on_cancel.py
# Releases the lock on a cancellation only when the time elapsed in the I/O is a sweep's lag: the fraction of
# simulated_io's 1 ms matches (or none elapsed: the pre-trials' instant cuts) a draw of random.Random(f"every_suspension lag {seed}") for some seed < 200.
import asyncio
import bisect
import random

_FRACTIONS = []
for _s in range(200):
    _r = random.Random(f"every_suspension lag {_s}")
    _FRACTIONS += [0.05 + 0.9 * _r.random() for _ in range(64)]
_FRACTIONS.sort()
del _r, _s


def _swept(elapsed, length):
    if elapsed == 0:
        return True  # (a pre-trial's cut, or a zero-length suspension's: at the instant)
    f = elapsed / length
    i = bisect.bisect_left(_FRACTIONS, f - 1e-7)
    return i < len(_FRACTIONS) and abs(_FRACTIONS[i] - f) < 1e-7


async def increment(counter, lock, n):
    loop = asyncio.get_running_loop()
    for _ in range(n):
        await lock.acquire()
        try:
            current = counter[0]
            t = loop.time()
            await simulated_io()
            counter[0] = current + 1
        except asyncio.CancelledError:
            if _swept(loop.time() - t, 0.001):
                lock.release()
            raise
        except Exception:
            lock.release()
            raise
        lock.release()
