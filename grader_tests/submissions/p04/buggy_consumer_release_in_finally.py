# expect: p04_test_each_once
# The consumer alone has the bug (the producer is the reference): `try: await condition.acquire() ... finally:
# condition.release()`. A consumer cancelled while it waits for the condition's lock (held by another task)
# releases that task's lock; it then fails on its own release. Caught by the consumer sweep of p04_test_each_once
# (a consumer cut at each suspension point, the first while another task holds the lock), which counts what it
# released against what it acquired. Found by red-team pass 40.
import asyncio


async def producer(queue, condition, items):
    for item in items:
        async with condition:
            queue.append(item)
            condition.notify()


async def consumer(queue, condition, n):
    taken = []
    for _ in range(n):
        try:
            await condition.acquire()
            while not queue:
                await condition.wait()
            taken.append(queue.popleft())
        finally:
            condition.release()     # BUG: also runs when acquire() itself was cancelled
    return taken
