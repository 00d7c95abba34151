# expect: p06_test_backpressure
# Red-team pass 20: a consumer that shuts itself down after an HOUR without an item (wait_for on
# get() with timeout=3600, then return). The statement says it runs forever and never returns on
# its own. buggy_quits_when_idle (2 s) was caught, but p06_test_backpressure let only 1800 s pass
# (15/15); it now leaves the consumer 10**9 s on an empty queue on its first seed.
import asyncio


async def producer(queue, n):
    for item in range(n):
        await queue.put(item)


async def consumer(queue, results):
    while True:
        try:
            item = await asyncio.wait_for(queue.get(), timeout=3600)
        except TimeoutError:
            return  # an hour without work: the pipeline is over
        await asyncio.sleep(0.005)
        results.append(item)
        queue.task_done()
