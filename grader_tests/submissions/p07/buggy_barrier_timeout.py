# expect: p07_test_rendezvous
# Red-team pass 20: a worker that waits at most 60 s at the barrier, then aborts it ("a party more
# than a minute late is taken for dead"): one party whose work takes 90 s makes every worker fail
# (TimeoutError / BrokenBarrierError) instead of meeting. The statement says a worker waits until
# every party has arrived. No P07 scenario had a party arrive more than ~50 ms late (15/15);
# p07_test_rendezvous now adds a party of the test's own that arrives 10**9 s after the workers.
import asyncio


async def worker(worker_id, barrier, rounds=1):
    try:
        for round_no in range(rounds):
            await do_work(worker_id, round_no)
            # "never wait forever": a party more than a minute late is taken for dead
            async with asyncio.timeout(60):
                await barrier.wait()
    except BaseException:
        await barrier.abort()
        raise
