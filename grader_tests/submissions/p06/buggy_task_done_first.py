# expect: p06_test_visible p06_test_backpressure p06_test_each_once p06_test_join
# Calls task_done() as soon as it has the item, before processing it: join() returns
# while the last items are still being processed.
import asyncio


async def producer(queue, n):
    for i in range(n):
        await queue.put(i)


async def consumer(queue, results):
    while True:
        item = await queue.get()
        queue.task_done()
        await asyncio.sleep(0.005)
        results.append(item)
