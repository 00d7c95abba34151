# expect: p04_test_sleeps
# Waits on the condition, but never for more than 50 ms at a time: with nothing produced it
# still wakes up twenty times a second to look at an empty deque, instead of sleeping until
# a producer notifies it.
import asyncio


async def producer(queue, condition, items):
    async with condition:
        queue.extend(items)
        condition.notify_all()


async def consumer(queue, condition, n):
    taken = []
    async with condition:
        while len(taken) < n:
            while not queue:
                try:
                    await asyncio.wait_for(condition.wait(), 0.05)
                except TimeoutError:
                    pass  # look again
            taken.append(queue.popleft())
    return taken
