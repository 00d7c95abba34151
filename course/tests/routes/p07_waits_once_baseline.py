import asyncio


async def worker(worker_id, barrier, rounds=1):
    # BUG: does all its rounds of work first and meets the others only once, at the end.
    try:
        for round_no in range(rounds):
            await do_work(worker_id, round_no)
        await barrier.wait()
    except BaseException:
        await barrier.abort()
        raise
