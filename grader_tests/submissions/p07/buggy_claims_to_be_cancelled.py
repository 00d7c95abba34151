# expect: p07_test_broken
# buggy_abort_without_reraise.py (a cancelled worker breaks the barrier but swallows its
# cancellation), hidden behind an ordinary Exception whose `__class__` property answers
# asyncio.CancelledError: `isinstance` believes it; `course.testing.instance_of` does not.
import asyncio


class _Ended(Exception):
    @property
    def __class__(self):
        return asyncio.CancelledError


async def worker(worker_id, barrier, rounds=1):
    try:
        for round_no in range(rounds):
            await do_work(worker_id, round_no)
            await barrier.wait()
    except asyncio.CancelledError:
        await barrier.abort()
        raise _Ended("stopped") from None
    except BaseException:
        await barrier.abort()
        raise
