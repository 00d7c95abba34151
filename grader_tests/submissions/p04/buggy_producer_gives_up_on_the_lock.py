# expect: p04_test_sleeps
# Red-team pass 20: a producer with a deadline of its own: it waits at most an hour for the
# condition's lock, then raises TimeoutError and drops its items. Waiting for the lock is a
# wait the contract leaves unbounded (another producer or consumer may hold it that long);
# p04_test_sleeps holds the lock for 10**9 s on its first seed while a producer and a consumer
# wait for it.
import asyncio
from collections import deque


async def producer(queue, condition, items):
    for item in items:
        async with asyncio.timeout(3600):
            await condition.acquire()
        try:
            queue.append(item)
            condition.notify()
        finally:
            condition.release()


async def consumer(queue, condition, n):
    taken = []
    for _ in range(n):
        async with condition:
            await condition.wait_for(lambda: len(queue) > 0)
            taken.append(queue.popleft())
    return taken
