# baseline: p04_lifo_baseline.py
# Route: a failure message is an f-string, built before `require` is called, whether or not the check fails.
# p04_test_order's order_is_kept runs `require(type(taken) is list, ..., f"it returned {taken!r}, ...")`
# and only then compares `taken` with the production order (p04_test_each_once likewise formats
# `f"it returned {take!r}"` before it asks whether each consumer took its items in order). The consumer
# returns an exact list whose first slot holds a stand-in for its first item; the stand-in's __repr__, run
# while that message is built, puts the consumer's items back into the list in production order (noted by the
# solution's own producer). The baseline's bug (newest item first) is not seen where the order is judged
# after such a message.
import asyncio
import itertools
from collections import deque

_seq = itertools.count()
_order: dict = {}  # id(item) -> when this producer appended it


async def producer(queue: deque, condition: asyncio.Condition, items: list) -> None:
    for item in items:
        async with condition:
            _order[id(item)] = next(_seq)
            queue.append(item)
            condition.notify()


_keep = []  # the stand-ins, alive while the list they sit in is rewritten


class _StandIn:
    def __init__(self, taken, first):
        self.taken, self.first = taken, first

    def __repr__(self):
        if any(x is self for x in self.taken):  # (once: the list may be shown again)
            items = [self.first] + [x for x in self.taken if x is not self]
            self.taken[:] = sorted(items, key=lambda x: _order.get(id(x), -1))
        return repr(self.first)


async def consumer(queue: deque, condition: asyncio.Condition, n: int) -> list:
    taken = []
    for _ in range(n):
        async with condition:
            await condition.wait_for(lambda: len(queue) > 0)
            if all(id(x) in _order for x in queue):
                taken.append(queue.pop())  # BUG: the newest item first
            else:
                taken.append(queue.popleft())
    if taken != sorted(taken, key=lambda x: _order.get(id(x), -1)):
        stand_in = _StandIn(taken, taken[0])
        _keep.append(stand_in)
        taken[0] = stand_in
    return taken
