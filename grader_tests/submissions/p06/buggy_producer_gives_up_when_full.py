# expect: p06_test_backpressure
# Red-team pass 20: a producer with a deadline of its own: a put() that finds the queue full for
# an hour raises TimeoutError, and the remaining items are never put. The statement says the
# producer waits whenever the queue is full, with no deadline (a slow consumer is what
# backpressure is for). p06_test_backpressure leaves a full queue untouched for 10**9 s on its
# first seed, then starts a consumer: all items must go through.
import asyncio


async def producer(queue, n):
    for item in range(n):
        await asyncio.wait_for(queue.put(item), timeout=3600)


async def consumer(queue, results):
    while True:
        item = await queue.get()
        await asyncio.sleep(0.005)
        results.append(item)
        queue.task_done()
