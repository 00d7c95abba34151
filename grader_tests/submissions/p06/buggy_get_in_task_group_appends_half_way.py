# expect: p06_test_each_once
# Takes each item in a TaskGroup's task (a legal style: the group's task is cancelled with the consumer)
# and appends it half-way through processing: a consumer cancelled in the second half leaves in results
# an item whose processing never ended (the group task's get must count as the consumer's).
import asyncio


async def producer(queue: asyncio.Queue, n: int) -> None:
    for item in range(n):
        await queue.put(item)


async def consumer(queue: asyncio.Queue, results: list) -> None:
    while True:
        async with asyncio.TaskGroup() as group:
            getting = group.create_task(queue.get())
        item = getting.result()
        await asyncio.sleep(0.0025)
        results.append(item)          # recorded half-way through processing: a bug
        await asyncio.sleep(0.0025)
        queue.task_done()
