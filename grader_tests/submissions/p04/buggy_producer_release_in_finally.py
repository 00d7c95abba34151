# expect: p04_test_each_once
# The producer alone has the bug (the consumer is the reference): `try: await condition.acquire() ... finally:
# condition.release()`. Cancelled while it waits for the condition's lock, it releases the lock another task holds;
# that task's own release then fails with RuntimeError. Caught by the producer sweep of p04_test_each_once, which
# now counts the producer's releases against its acquires and requires the lock-holder to end normally.
# Found by red-team pass 40.
import asyncio


async def producer(queue, condition, items):
    for item in items:
        try:
            await condition.acquire()
            queue.append(item)
            condition.notify()
        finally:
            condition.release()     # BUG: also runs when acquire() itself was cancelled


async def consumer(queue, condition, n):
    taken = []
    for _ in range(n):
        async with condition:
            await condition.wait_for(lambda: len(queue) > 0)
            taken.append(queue.popleft())
    return taken
