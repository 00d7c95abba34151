# expect: p04_test_each_once
# A consumer cancelled once notify() has woken it (an item is there) takes the item anyway, calls
# uncancel() and goes on, returning normally: it does not end cancelled. (uncancel() resets the task's
# cancelling() count, so only the cancellations the test itself made and recorded show it.)
import asyncio
from collections import deque


async def producer(queue: deque, condition: asyncio.Condition, items: list) -> None:
    for item in items:
        async with condition:
            queue.append(item)
            condition.notify()


async def consumer(queue: deque, condition: asyncio.Condition, n: int) -> list:
    taken = []
    while len(taken) < n:
        async with condition:
            try:
                await condition.wait_for(lambda: len(queue) > 0)
            except asyncio.CancelledError:
                if not queue:
                    raise
                asyncio.current_task().uncancel()  # "the item is here: too late to give up"
            taken.append(queue.popleft())
    return taken
