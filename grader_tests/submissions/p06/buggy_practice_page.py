# expect: p06_test_each_once
# The practice page's shutdown: the consumer stops when it sees 9, "the last item".
# With more than ten items the rest is never processed and join() waits forever.
import asyncio


async def producer(queue, n):
    for i in range(n):
        await queue.put(i)
    print("Producer done")


async def consumer(queue, results):
    while True:
        item = await queue.get()
        await asyncio.sleep(0.005)
        results.append(item)
        queue.task_done()
        if item == 9:
            break
    print("Consumer done")
