# expect: p04_test_order
# Red-team pass 20: the producer takes None for an end-of-items marker: it stops at the first
# None item, dropping it and every item after it (producing ["a", None, "b"] appends only "a"; a
# consumer asking for 3 waits forever). The statement says the producer appends each item of
# items. No P04 test produced None (15/15); p04_test_order's items now include None, 0, "", False
# and equal but distinct objects, through producer and consumer and through the producer alone.
import asyncio
from collections import deque


async def producer(queue, condition, items):
    for item in items:
        if item is None:   # None marks the end of the items
            break
        async with condition:
            queue.append(item)
            condition.notify()


async def consumer(queue, condition, n):
    taken = []
    for _ in range(n):
        async with condition:
            await condition.wait_for(lambda: len(queue) > 0)
            taken.append(queue.popleft())
    return taken
