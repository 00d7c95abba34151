# expect: p06_test_each_once
# The consumer catches the CancelledError that stops it and returns normally: the task ends
# "done", not cancelled, so whoever cancelled it (a TaskGroup, asyncio.timeout, the demo's
# run_pipeline, which raises "a consumer stopped before it was cancelled") cannot tell.
# Contract: "It never returns on its own: it is cancelled when the work is done."
import asyncio


async def producer(queue, n):
    for item in range(n):
        await queue.put(item)


async def consumer(queue, results):
    while True:
        try:
            item = await queue.get()
        except asyncio.CancelledError:
            return  # shutting down
        await asyncio.sleep(0.005)
        results.append(item)
        queue.task_done()
