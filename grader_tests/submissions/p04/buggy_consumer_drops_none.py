# expect: p04_test_order
# Red-team pass 20: a consumer that takes a None item for "nothing there": it takes it from the
# deque but does not keep it or count it towards n, so it throws the item away and waits on for
# one more item than the producers will ever make. The statement says it returns the items it
# took; items are whatever the producer was given (None among them).
import asyncio
from collections import deque


async def producer(queue, condition, items):
    for item in items:
        async with condition:
            queue.append(item)
            condition.notify()


async def consumer(queue, condition, n):
    taken = []
    while len(taken) < n:
        async with condition:
            await condition.wait_for(lambda: len(queue) > 0)
            item = queue.popleft()
        if item is not None:
            taken.append(item)
    return taken
