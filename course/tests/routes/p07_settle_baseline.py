# honest baseline: the same worker with a plain asyncio.sleep pause (careful only at t + delay)
import asyncio


async def worker(worker_id, barrier, rounds=1):
    for round_no in range(rounds):
        t = asyncio.get_running_loop().time()
        try:
            await asyncio.sleep(0.0005)  # bug: a cancellation here leaves the barrier whole...
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
