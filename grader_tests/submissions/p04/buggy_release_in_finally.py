# expect: p04_test_each_once
# `try: await condition.acquire() ... finally: condition.release()` in the producer and in the consumer: a task
# cancelled while it WAITS for the condition's lock releases the lock another task holds (asyncio's locks have no
# owner), so a second task enters the critical section beside the holder, and the holder's own release then fails
# with RuntimeError('Lock is not acquired.'). The producer and consumer sweeps of p04_test_each_once cut each at
# every suspension point while another task holds the lock, and count what it released against what it acquired.
# Found by red-team pass 40.
import asyncio


async def producer(queue, condition, items):
    for item in items:
        try:
            await condition.acquire()
            queue.append(item)
            condition.notify()
        finally:
            condition.release()


async def consumer(queue, condition, n):
    taken = []
    for _ in range(n):
        try:
            await condition.acquire()
            while not queue:
                await condition.wait()
            taken.append(queue.popleft())
        finally:
            condition.release()
    return taken
