# expect: p07_test_rendezvous p07_test_rounds p07_test_visible
# Does all its rounds of work first and meets the others only once, at the end.
import asyncio


async def worker(worker_id, barrier, rounds=1):
    try:
        for round_no in range(rounds):
            await do_work(worker_id, round_no)
        await barrier.wait()
    except BaseException:
        await barrier.abort()
        raise
