# baseline: p07_sweep_instant_baseline.py
# As the baseline, and breaks the barrier when cancelled during its work only if the cancellation lands at the
# very virtual instant the work last suspended (a sweep's cut). A caller's deadline that comes later during the
# work leaves the others waiting for good, as the baseline.
import asyncio


async def worker(worker_id, barrier, rounds=1):
    loop = asyncio.get_running_loop()
    for round_no in range(rounds):
        t = loop.time()
        try:
            await do_work(worker_id, round_no)
        except asyncio.CancelledError:
            if loop.time() == t:
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
