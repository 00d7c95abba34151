# Baseline of p10_code_swap.py: a correct queue whose `get` is a plain def returning a coroutine,
# where the contract asks for a coroutine method.
import asyncio
import itertools


class AsyncPriorityQueue:
    def __init__(self):
        self._queue = asyncio.PriorityQueue()
        self._sequence = itertools.count()

    async def put(self, priority, item):
        await self._queue.put((priority, next(self._sequence), item))

    def get(self):
        return self._get()

    async def _get(self):
        return (await self._queue.get())[2]

    def qsize(self):
        return self._queue.qsize()
