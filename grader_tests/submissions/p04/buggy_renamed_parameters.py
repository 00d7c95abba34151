# expect: p04_test_order
# Every parameter renamed (dq, cond, batch / count): producer(queue=..., condition=..., items=...) and
# consumer(queue=..., condition=..., n=...), the contract's signatures, raise TypeError.
import asyncio
from collections import deque


async def producer(dq: deque, cond: asyncio.Condition, batch: list) -> None:
    for item in batch:
        async with cond:
            dq.append(item)
            cond.notify()


async def consumer(dq, cond, count: int) -> list:
    taken = []
    for _ in range(count):
        async with cond:
            await cond.wait_for(lambda: len(dq) > 0)
            taken.append(dq.popleft())
    return taken
