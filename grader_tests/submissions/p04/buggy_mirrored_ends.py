# expect: p04_test_order
# Producer and consumer both use the wrong ends of the deque: the producer pushes each item
# on the LEFT (appendleft) and the consumer takes from the RIGHT (pop). With only its own
# producer the order looks right, but the contract says items go in on the right and are taken
# from the left: any other code sharing the deque (a producer that appends to the right, a
# consumer that pops from the left) sees the items in reverse (LIFO) order.
# From red-team pass 16: it had full marks (every order check paired its producer with its consumer).
import asyncio
from collections import deque


async def producer(queue: deque, condition: asyncio.Condition, items: list) -> None:
    for item in items:
        async with condition:
            queue.appendleft(item)
            condition.notify()


async def consumer(queue: deque, condition: asyncio.Condition, n: int) -> list:
    taken = []
    for _ in range(n):
        async with condition:
            while not queue:
                await condition.wait()
            taken.append(queue.pop())
    return taken
