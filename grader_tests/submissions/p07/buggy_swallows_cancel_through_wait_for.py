# expect: p07_test_broken
# Waits at the barrier through asyncio.wait_for (no deadline of its own) but swallows its own
# cancellation: it returns None instead of ending cancelled. On Python 3.11 this looks like what
# 3.11's wait_for does by itself (CPython gh-86296); check processes there run 3.12's wait_for
# (course.testing._sealed.wait_for), so the swallow is the solution's own on every Python, and
# it fails p07_test_broken everywhere.
import asyncio


async def worker(worker_id, barrier, rounds=1):
    try:
        for round_no in range(rounds):
            await do_work(worker_id, round_no)
            await asyncio.wait_for(barrier.wait(), timeout=None)
    except asyncio.CancelledError:
        await barrier.abort()
        return None
    except BaseException:
        await barrier.abort()
        raise
