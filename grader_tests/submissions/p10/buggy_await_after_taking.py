# expect: p10_test_cancelled_get
# Correct ordering, waiting and wake-ups, but get() reports each job to an (async) metrics
# hook after it has taken the job off the heap and before it returns it. A consumer
# cancelled at that await drops the job: it is in no consumer's hands and no longer queued.
import asyncio
import heapq
import itertools


class _Metrics:
    def __init__(self):
        self.taken = 0

    async def record(self, priority):
        self.taken += 1
        await asyncio.sleep(0)  # the metrics client flushes on the event loop


class AsyncPriorityQueue:
    def __init__(self):
        self._heap = []
        self._seq = itertools.count()
        self._cond = asyncio.Condition()
        self.metrics = _Metrics()

    async def put(self, priority, item):
        async with self._cond:
            heapq.heappush(self._heap, (priority, next(self._seq), item))
            self._cond.notify_all()

    async def get(self):
        async with self._cond:
            await self._cond.wait_for(lambda: self._heap)
            priority, _, item = heapq.heappop(self._heap)
        await self.metrics.record(priority)
        return item

    def qsize(self):
        return len(self._heap)
