# expect: p04_test_sleeps
# Red-team pass 20: a consumer that "never waits forever": it waits on the condition with
# asyncio.wait_for(..., timeout=60) and lets the TimeoutError out of consumer() after a minute
# without an item (the items taken so far are lost with it). The statement says that whenever
# the deque is empty it waits on the condition, with no deadline: a producer that pauses for two
# minutes finds no consumer. No P04 test idled more than 10 s (15/15); p04_test_sleeps now leaves
# the consumers 10**9 s on an empty deque on its first seed.
import asyncio
from collections import deque


async def producer(queue, condition, items):
    for item in items:
        async with condition:
            queue.append(item)
            condition.notify()


async def consumer(queue, condition, n):
    taken = []
    for _ in range(n):
        async with condition:
            await asyncio.wait_for(condition.wait_for(lambda: len(queue) > 0), timeout=60)
            taken.append(queue.popleft())
    return taken
