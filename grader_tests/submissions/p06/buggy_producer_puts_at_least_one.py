# expect: p06_test_bounded
# Puts range(max(n, 1)): producer(queue, 0) puts item 0 where it should put nothing.
import asyncio


async def producer(queue: asyncio.Queue, n: int) -> None:
    for item in range(max(n, 1)):
        await queue.put(item)


async def consumer(queue: asyncio.Queue, results: list) -> None:
    while True:
        item = await queue.get()
        await asyncio.sleep(0.005)
        results.append(item)
        queue.task_done()
