# expect: full marks
# Red-team pass 20: waits at the barrier through asyncio.wait_for with a timeout no run reaches
# (10**12 s, some 31,700 years): in effect no deadline. On Python 3.11, wait_for runs the wait in
# a task of its own, and a cancellation that comes as that wait finishes is swallowed by wait_for
# itself (CPython gh-86296, fixed in 3.12, where wait_for is built on asyncio.timeout): check
# processes on 3.11 run 3.12's wait_for (course.testing._sealed.wait_for), so it scores the same
# on every Python. A finite timeout short of 10**9 s is a deadline of its own, and fails
# p07_test_rendezvous (buggy_wait_for_timeout).
import asyncio


async def worker(worker_id, barrier, rounds=1):
    try:
        for round_no in range(rounds):
            await do_work(worker_id, round_no)
            await asyncio.wait_for(barrier.wait(), timeout=10**12)
    except BaseException:
        await barrier.abort()
        raise
