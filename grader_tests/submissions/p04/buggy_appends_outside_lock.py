# expect: p04_test_each_once
# Red-team pass 39: the producer appends outside the condition's lock, then takes the lock to notify. A producer
# cancelled while another task holds the lock (waiting to notify) leaves its item in the deque with nobody told:
# a waiting consumer sleeps on beside it (a lost wake-up). The checks never cancelled a producer (15/15);
# p04_test_each_once now cancels one at each of its suspension points.
import asyncio
from collections import deque


async def producer(queue: deque, condition: asyncio.Condition, items: list) -> None:
    for item in items:
        queue.append(item)  # no await between this and the notify: nobody can see a half-done step
        async with condition:
            condition.notify()


async def consumer(queue: deque, condition: asyncio.Condition, n: int) -> list:
    taken = []
    for _ in range(n):
        async with condition:
            while not queue:
                await condition.wait()
            taken.append(queue.popleft())
    return taken
