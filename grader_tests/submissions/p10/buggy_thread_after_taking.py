# expect: p10_test_cancelled_get
# Red-team pass 39 (attacker T: the checks' loop ran an executor call at once, its future already done): see
# below. Scored before the fix as the first comment lines say; now graded as the same code with an async call.
# P10 finding: a BUGGY queue whose cancelled get() loses the job it took earns full marks.
# Score now: 20/20. Fair score: 16/20 (what buggy_await_after_taking.py, the same bug with an async metrics
#   hook, scores: p10_test_cancelled_get 0/4).
# Why it is buggy: get() pops the entry off the heap, then awaits a metrics report run in a worker thread
#   (`await asyncio.to_thread(self._export, priority)`), then returns the item. A consumer cancelled while it
#   waits for that thread (a shutdown, a wait_for timeout) ends cancelled with the job in nobody's hands and no
#   longer queued. Concrete schedule on asyncio.run (findings/repro/realrun10.py): a consumer waits; put(1,
#   "refund"); 20 ms later, while it reports (the backend takes 50 ms), it is cancelled -> it ends
#   CancelledError, qsize() == 0: "refund" is lost. The contract: "a cancelled get loses no item".
# Mechanism: the virtual loop's run_in_executor runs the function at once and returns a done future, so the
#   await of to_thread never suspends under the checks: every_suspension finds no suspension point after the
#   pop, and no cancellation ever lands there. (Same mechanism as findings/p01_to_thread_*.py.)
import asyncio
import heapq
import itertools
import json


class _Metrics:
    def __init__(self):
        self.taken = 0
        self.last = ""

    def _export(self, priority):
        # A blocking metrics client (it serialises and ships the record): run in a thread.
        self.taken += 1
        self.last = json.dumps({"taken": self.taken, "priority": repr(priority)})

    async def record(self, priority):
        await asyncio.to_thread(self._export, priority)  # off the event loop


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
