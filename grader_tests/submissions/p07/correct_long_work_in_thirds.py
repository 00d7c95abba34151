# expect: full marks
# Its own work, 0.1 s a round, in `worker_id % 3 + 1` equal slices: as correct_work_in_equal_slices, and a
# sweep of it takes seconds of virtual time, which its trials' starts must have room for.
import asyncio


async def worker(worker_id, barrier, rounds=1):
    slices = worker_id % 3 + 1
    try:
        for round_no in range(rounds):
            for _ in range(slices):
                await asyncio.sleep(0.1 / slices)
            await barrier.wait()
    except BaseException:
        await barrier.abort()
        raise
