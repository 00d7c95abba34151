# expect: p06_test_backpressure p06_test_each_once p06_test_share_work
# Grabs everything in the queue into a private batch before processing: the other
# consumers sit idle while one works through its hoard, and the producer, seeing an
# empty queue, runs ahead of the work (the bound no longer holds it back).
# (p06_test_each_once sees it too since red-team pass 20: cancelled, it loses its whole hoard,
# not just the one item a consumer holds.)
import asyncio


async def producer(queue, n):
    for i in range(n):
        await queue.put(i)


async def consumer(queue, results):
    while True:
        batch = [await queue.get()]
        while not queue.empty():
            batch.append(queue.get_nowait())
        for item in batch:
            await asyncio.sleep(0.005)
            results.append(item)
            queue.task_done()
