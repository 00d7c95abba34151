# expect: p10_test_cancelled_get
# expect on 3.13: full marks
# A heap under an asyncio.Condition; put() wakes one consumer with notify(), and get() does
# nothing special when it is cancelled. On Python 3.11 and 3.12 a consumer woken by notify()
# and cancelled before it runs takes the wake-up with it (CPython gh-112202): the next
# consumer sleeps beside the item. Python 3.13's Condition passes the wake-up on, and there
# this queue is correct.
import asyncio
import heapq
import itertools


class AsyncPriorityQueue:
    def __init__(self):
        self._entries = []
        self._tickets = itertools.count()
        self._not_empty = asyncio.Condition()

    async def put(self, priority, item):
        async with self._not_empty:
            heapq.heappush(self._entries, (priority, next(self._tickets), item))
            self._not_empty.notify()

    async def get(self):
        async with self._not_empty:
            while not self._entries:
                await self._not_empty.wait()
            return heapq.heappop(self._entries)[-1]

    def qsize(self):
        return len(self._entries)
