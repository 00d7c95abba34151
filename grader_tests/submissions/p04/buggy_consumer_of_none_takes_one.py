# expect: p04_test_each_once
# consumer(n=0) is a do-while loop: it takes an item before it checks whether it needed one (on an empty
# deque it waits forever for an item it does not want, beside others it steals one a consumer was promised).
import asyncio
from collections import deque


async def producer(queue: deque, condition: asyncio.Condition, items: list) -> None:
    for item in items:
        async with condition:
            queue.append(item)
            condition.notify()


async def consumer(queue: deque, condition: asyncio.Condition, n: int) -> list:
    taken = []
    while True:  # take one, then see whether that was enough (a do-while: n=0 still takes one)
        async with condition:
            await condition.wait_for(lambda: len(queue) > 0)
            taken.append(queue.popleft())
        if len(taken) >= n:
            return taken
