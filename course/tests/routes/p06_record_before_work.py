# baseline: p06_done_before_work_baseline.py
# Route: p06_test_join takes "processed" to mean "appended to results", a mark the solution
# makes itself, and never times join()'s return against the processing. Appended (and marked
# done) before its 5 ms of work, an item counts as processed while it is still being worked on.
import asyncio


async def producer(queue: asyncio.Queue, n: int) -> None:
    for item in range(n):
        await queue.put(item)


async def consumer(queue: asyncio.Queue, results: list) -> None:
    while True:
        item = await queue.get()
        results.append(item)  # the trick: recorded before the work
        queue.task_done()  # BUG: marked done before it is processed: join() returns too early
        await asyncio.sleep(0.005)
