import asyncio


async def producer(queue: asyncio.Queue, n: int) -> None:
    for item in range(n):
        await queue.put(item)


async def consumer(queue: asyncio.Queue, results: list) -> None:
    while True:
        item = await queue.get()
        results.append(item)  # recorded before the work
        queue.task_done()  # BUG: marked done before it is processed: join() returns too early
        await asyncio.sleep(0.005)
