# expect: p06_test_backpressure
# Never waits inside put(): when the queue is full it naps and tries put_nowait() again.
import asyncio


async def producer(queue, n):
    for i in range(n):
        while True:
            try:
                queue.put_nowait(i)
                break
            except asyncio.QueueFull:
                await asyncio.sleep(0.001)


async def consumer(queue, results):
    while True:
        item = await queue.get()
        await asyncio.sleep(0.005)
        results.append(item)
        queue.task_done()
