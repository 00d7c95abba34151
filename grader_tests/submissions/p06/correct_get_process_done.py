# expect: full marks
# The reference style: put() waits for room, get() waits for an item, one task_done
# per item after it is processed and recorded.
import asyncio


async def producer(queue: asyncio.Queue, n: int) -> None:
    for item in range(n):
        await queue.put(item)


async def consumer(queue: asyncio.Queue, results: list) -> None:
    while True:
        item = await queue.get()
        await asyncio.sleep(0.005)
        results.append(item)
        queue.task_done()
