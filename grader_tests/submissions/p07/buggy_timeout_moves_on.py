# expect: p07_test_visible p07_test_rendezvous p07_test_rounds p07_test_broken
# "Never wait forever": gives up on the barrier after 15 ms and goes on anyway, so it
# passes rounds before the others have arrived, and a party still waiting for it is
# stranded (it never broke the barrier).
import asyncio


async def worker(worker_id, barrier, rounds=1):
    try:
        for round_no in range(rounds):
            await do_work(worker_id, round_no)
            try:
                await asyncio.wait_for(barrier.wait(), timeout=0.015)
            except TimeoutError:
                pass
    except BaseException:
        await barrier.abort()
        raise
