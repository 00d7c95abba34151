# expect: p06_test_each_once
# A cancelled consumer swallows its cancellation and raises an ordinary Exception whose
# `__class__` property answers asyncio.CancelledError, to pass as ending cancelled: `isinstance`
# believes it; `course.testing.instance_of`, which the checks use, reads the real type.
import asyncio


class _Ended(Exception):
    @property
    def __class__(self):
        return asyncio.CancelledError


async def producer(queue: asyncio.Queue, n: int) -> None:
    for item in range(n):
        await queue.put(item)


async def consumer(queue: asyncio.Queue, results: list) -> None:
    while True:
        try:
            item = await queue.get()
        except asyncio.CancelledError:
            raise _Ended("stopped") from None
        try:
            await asyncio.sleep(0.005)
        except asyncio.CancelledError:
            raise _Ended("stopped") from None
        results.append(item)
        queue.task_done()
