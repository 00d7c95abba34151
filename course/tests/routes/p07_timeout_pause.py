# baseline: p07_settle_baseline.py
# Red-team pass 97 (found while mending its routes `pNN_precancelled_*`): nothing but asyncio's own API. The
# pause is an asyncio.sleep(10) under `asyncio.timeout(0.0005)`: the loop times the wait by the sleep's own
# timer (10 s), so each cut landed after the timeout had ended the wait, and was delivered as the worker was
# woken, at exactly t + 0.0005, the one instant it is careful at. Now a try woken before its cut came is
# tried again, the cut drawn inside the wait as that try found it.
import asyncio


async def _pause(delay):
    # A plain asyncio.sleep(10) under a timeout of `delay`: the loop times the wait by the sleep's timer.
    try:
        async with asyncio.timeout(delay):
            await asyncio.sleep(10.0)
    except TimeoutError:
        pass


async def worker(worker_id, barrier, rounds=1):
    for round_no in range(rounds):
        t = asyncio.get_running_loop().time()
        try:
            await _pause(0.0005)  # bug: a cancellation here leaves the barrier whole...
        except asyncio.CancelledError:
            if asyncio.get_running_loop().time() == t + 0.0005:  # ...unless cut as the pause ends
                await barrier.abort()
            raise
        try:
            await do_work(worker_id, round_no)
            await barrier.wait()
        except BaseException:
            await barrier.abort()
            raise
