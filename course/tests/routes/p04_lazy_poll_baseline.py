# Polls the deque every 20 s instead of sleeping on the condition (an item can wait 20 s).
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
            await asyncio.sleep(20)
    return taken
