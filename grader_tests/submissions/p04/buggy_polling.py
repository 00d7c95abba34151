# expect: p04_test_sleeps
# Polls the deque every millisecond instead of sleeping on the condition.
import asyncio


async def producer(queue, condition, items):
    for item in items:
        async with condition:
            queue.append(item)
            condition.notify()


async def consumer(queue, condition, n):
    taken = []
    while len(taken) < n:
        if queue:
            taken.append(queue.popleft())
        else:
            await asyncio.sleep(0.001)
    return taken
