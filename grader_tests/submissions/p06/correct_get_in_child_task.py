# expect: full marks
# Takes each item through a task of its own (`await asyncio.create_task(queue.get())`: cancelling the
# consumer cancels the task it awaits) and records it once it is processed.
import asyncio


async def producer(queue: asyncio.Queue, n: int) -> None:
    for item in range(n):
        await queue.put(item)


async def consumer(queue: asyncio.Queue, results: list) -> None:
    asyncio.current_task().set_name("renamed consumer")  # a name of its own changes nothing
    while True:
        item = await asyncio.create_task(queue.get())
        await asyncio.sleep(0.005)
        results.append(item)
        queue.task_done()
