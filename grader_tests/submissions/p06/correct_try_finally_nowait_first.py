# expect: full marks
# Tries put_nowait() first and falls back to waiting in put() when the queue is full;
# the consumer marks each item done in a `finally`, so even a failed item is counted.
import asyncio


async def producer(queue, n):
    item = 0
    while item < n:
        try:
            queue.put_nowait(item)
        except asyncio.QueueFull:
            await queue.put(item)
        item += 1


async def consumer(queue, results):
    while True:
        item = await queue.get()
        try:
            await asyncio.sleep(0.005)
            results.append(item)
        finally:
            queue.task_done()
