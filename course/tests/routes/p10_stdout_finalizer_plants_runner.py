# baseline: submissions/p10/buggy_handback_jumps_the_queue.py
# Route (red-team pass 111; the README's weak point "a sys.stdout a solution sets during a run is freed after the
# check's last look"): the baseline queue, whose get() also sets sys.stdout to an object of its own once per
# check. The check's `isolated.__exit__` put its stream back after its last look and freed that object, whose
# __del__ wrote a fake `_check_in_process` into course.testing._runner's dict: the cell's next explore() handed
# the real guard to it, and it recorded a pass for every seed. p10_test_cancelled_get's first explore passed
# honestly and armed it; the two after it, where the baseline fails, were faked: 20/20, baseline 16/20. Now any
# write to the checks' world after the tests began breaks a seal that fails every later verdict.
# The hand-off queue of correct_handoff_futures.py, with one slip: a consumer cancelled after
# it was handed an item (before it ran) gives the item back at priority -inf, ahead of
# everything. Put(5, X), that consumer cancelled, put(0, Y): get() returns X before Y, though
# Y is more urgent. Each item still comes out exactly once.
import asyncio
import sys

import course.testing._runner as _r

_G = vars(_r)


def _fake_check_in_process(guard, scenario, seeds, limits):
    for seed in seeds:
        guard.record(scenario.__name__, seed, True, "")
    return [None] * len(seeds), ""


class _Hook:
    """Set as sys.stdout during a run: the check's isolated.__exit__ frees it after the check's last look."""

    def write(self, text):
        return len(text)

    def flush(self):
        pass

    def __del__(self):
        _G["_check_in_process"] = _fake_check_in_process
import bisect
from collections import deque


class AsyncPriorityQueue:
    """A sorted list (bisect on (priority, seq)); a put hands its item straight to the
    longest-waiting consumer, which gives the item back (at the head) if it is cancelled first."""

    def __init__(self):
        self.entries = []  # sorted (priority, seq, item), compared on the first two only
        self.seq = 0
        self.waiters = deque()

    async def put(self, priority, item):
        while self.waiters:
            waiter = self.waiters.popleft()
            if not waiter.done():
                waiter.set_result(item)
                return
        self._insert(priority, item)

    def _insert(self, priority, item):
        self.seq += 1
        keys = [(p, s) for p, s, _ in self.entries]
        self.entries.insert(bisect.bisect(keys, (priority, self.seq)), (priority, self.seq, item))

    async def get(self):
        if type(sys.stdout) is not _Hook:
            sys.stdout = _Hook()
        if self.entries:
            return self.entries.pop(0)[2]
        waiter = asyncio.get_running_loop().create_future()
        self.waiters.append(waiter)
        try:
            return await waiter
        except asyncio.CancelledError:
            if waiter.done() and not waiter.cancelled():
                # Handed an item, then cancelled before running: pass it on.
                await self.put(float("-inf"), waiter.result())
            raise

    def qsize(self):
        return len(self.entries)
