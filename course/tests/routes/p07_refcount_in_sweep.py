# baseline: p07_sweep_instant_baseline.py
# Red-team pass 86: a sweep kept the random module's generator (and the loop's) in its replay list for its
# whole length, one more reference than outside one: `sys.getrefcount(random._inst)` above its import-time
# value told a solution it was in a sweep's trial (the first, cut before the uncut run, too), and it
# cleaned up after a cancellation there alone. The sweep keeps states and identities now, no reference.
import random as _rnd, sys as _sys
_BASE = _sys.getrefcount(_rnd._inst)
# As the baseline, and breaks the barrier when cancelled during its work only inside a sweep; a caller's
# deadline in real use leaves the others waiting for good, as the baseline. (`t` is unused.)
import asyncio


async def worker(worker_id, barrier, rounds=1):
    loop = asyncio.get_running_loop()
    for round_no in range(rounds):
        t = loop.time()
        try:
            await do_work(worker_id, round_no)
        except asyncio.CancelledError:
            if _sys.getrefcount(_rnd._inst) > _BASE:
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
