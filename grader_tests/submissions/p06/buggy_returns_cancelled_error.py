# expect: p06_test_each_once
# Red-team pass 41 (attacker Y): a consumer catches its cancellation and returns the CancelledError object:
# gather(..., return_exceptions=True) shows it as raised; the checks ask each task how it ended (settled).
import asyncio


async def producer(queue, n):
    for i in range(n):
        await queue.put(i)


async def consumer(queue, results):
    while True:
        try:
            item = await queue.get()
        except asyncio.CancelledError as error:
            return error                # BUG: swallows the cancellation (the task ends normally)
        try:
            await asyncio.sleep(0.005)
        except asyncio.CancelledError as error:
            queue.task_done()
            return error                # BUG: swallows the cancellation
        results.append(item)
        queue.task_done()
