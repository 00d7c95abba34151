# expect: p07_test_broken
# Red-team pass 41 (attacker Y): a cancelled worker returns its CancelledError object instead of raising it.
import asyncio


async def worker(worker_id, barrier, rounds=1):
    try:
        for round_no in range(rounds):
            await do_work(worker_id, round_no)
            await barrier.wait()
    except BaseException as error:
        await barrier.abort()
        return error        # BUG: swallows its own cancellation / error, hands it back as a result
