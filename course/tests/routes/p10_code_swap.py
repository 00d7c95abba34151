# baseline: p10_plain_get_baseline.py
# Code swap: `get` is an async def when the checks look (a fresh queue, empty); once something is
# put, the very function object the sealed class holds is given a plain def's code.
import asyncio
import itertools


class AsyncPriorityQueue:
    def __init__(self):
        self._queue = asyncio.PriorityQueue()
        self._sequence = itertools.count()

    async def put(self, priority, item):
        await self._queue.put((priority, next(self._sequence), item))
        _GET.__code__ = _PLAIN_CODE

    async def get(self):
        return await self._get()

    def _plain_get(self):
        return self._get()

    async def _get(self):
        try:
            return (await self._queue.get())[2]
        finally:
            if self._queue.qsize() == 0:
                _GET.__code__ = _ASYNC_CODE

    def qsize(self):
        return self._queue.qsize()


_GET = AsyncPriorityQueue.__dict__["get"]
_ASYNC_CODE = _GET.__code__
_PLAIN_CODE = AsyncPriorityQueue.__dict__["_plain_get"].__code__
