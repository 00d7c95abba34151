# expect: p07_test_rendezvous
# Red-team pass 20: waits at the barrier at most a minute (asyncio.wait_for(barrier.wait(), 60)),
# then aborts it: a deadline of its own, where the statement says a worker waits until every
# party has arrived. p07_test_rendezvous's fourth party, the test's own, comes 10**9 s late. (On
# Python 3.11 wait_for also swallows a cancellation that comes as the wait finishes; the checks
# do not count that against it, so it scores the same on every Python.)
import asyncio


async def worker(worker_id, barrier, rounds=1):
    try:
        for round_no in range(rounds):
            await do_work(worker_id, round_no)
            await asyncio.wait_for(barrier.wait(), timeout=60)
    except BaseException:
        await barrier.abort()
        raise
