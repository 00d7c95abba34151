# expect: p06_test_each_once
# (red-team pass 35, P06) Renames its own task (set_name, "for the logs") and appends each item half-way
# through processing: a consumer cancelled in the second half leaves in results an item whose processing
# never ended (its gets must be found under the name the test gave it, not the one it took).
import asyncio


async def producer(queue: asyncio.Queue, n: int) -> None:
    for item in range(n):
        await queue.put(item)


async def consumer(queue: asyncio.Queue, results: list) -> None:
    asyncio.current_task().set_name(f"consumer@{id(results):x}")  # name it for the logs
    while True:
        item = await queue.get()
        await asyncio.sleep(0.0025)
        results.append(item)          # recorded half-way through processing: a bug
        await asyncio.sleep(0.0025)
        queue.task_done()
