# baseline: p06_recorded_done_early_baseline.py
import asyncio


async def producer(queue: asyncio.Queue, n: int) -> None:
    for item in range(n):
        await queue.put(item)


async def consumer(queue: asyncio.Queue, results: list) -> None:
    loop = asyncio.get_running_loop()
    while True:
        item = await queue.get()
        results.append(item)  # recorded before the work
        # BUG: marked done before it is processed. The trick: task_done() runs in a task of
        # its own, not in this one, so no get -> task-done window of this task is timed.
        asyncio.ensure_future(_done(queue))
        await asyncio.sleep(0.005)


async def _done(queue):
    queue.task_done()
