# expect: p06_test_each_once
# Only the consumer's `results` is renamed (`done`): consumer(queue, results=[...]), the contract's
# signature, raises TypeError.
import asyncio


async def producer(queue: asyncio.Queue, n: int) -> None:
    for item in range(n):
        await queue.put(item)


async def consumer(queue: asyncio.Queue, done: list) -> None:
    while True:
        item = await queue.get()
        await asyncio.sleep(0.005)
        done.append(item)
        queue.task_done()
