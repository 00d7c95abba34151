# The honest twin of p07_mro_fake_cancelled.py: a cancelled worker aborts the barrier and returns its
# CancelledError (swallowing it); any other error goes on to the caller.
import asyncio


async def worker(worker_id, barrier, rounds=1):
    try:
        for round_no in range(rounds):
            await do_work(worker_id, round_no)
            await barrier.wait()
    except asyncio.CancelledError as error:
        await barrier.abort()
        return error
    except BaseException:
        await barrier.abort()
        raise
