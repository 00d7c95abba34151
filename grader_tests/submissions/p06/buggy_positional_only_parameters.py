# expect: p06_test_each_once
# Positional-only parameters (`/`): producer(queue=..., n=...), the contract's signature called with
# its names, raises TypeError.
import asyncio


async def producer(queue: asyncio.Queue, n: int, /) -> None:
    for item in range(n):
        await queue.put(item)


async def consumer(queue: asyncio.Queue, results: list, /) -> None:
    while True:
        item = await queue.get()
        await asyncio.sleep(0.005)
        results.append(item)
        queue.task_done()
