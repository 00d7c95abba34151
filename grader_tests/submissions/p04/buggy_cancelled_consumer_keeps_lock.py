# expect: p04_test_each_once
# Explicit acquire()/release() without try/finally: a consumer cancelled while it waits leaves the
# condition's lock held (wait() takes it back before CancelledError comes out), and every other
# consumer and the producer then wait forever.
import asyncio
from collections import deque


async def producer(queue: deque, condition: asyncio.Condition, items: list) -> None:
    for item in items:
        await condition.acquire()
        queue.append(item)
        condition.notify()
        condition.release()


async def consumer(queue: deque, condition: asyncio.Condition, n: int) -> list:
    taken = []
    for _ in range(n):
        await condition.acquire()
        while not queue:
            await condition.wait()      # cancelled here: wait() re-takes the lock, and nothing releases it
        taken.append(queue.popleft())
        condition.release()
    return taken
