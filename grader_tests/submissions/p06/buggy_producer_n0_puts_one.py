# expect: p06_test_bounded
# A do-while producer: the first put comes before the count is checked, so producer(queue, 0) puts
# one item where it should put none.
import asyncio


async def producer(queue: asyncio.Queue, n: int) -> None:
    item = 0
    while True:                       # do-while: the first put comes before the count is checked
        await queue.put(item)
        item += 1
        if item >= n:
            break


async def consumer(queue: asyncio.Queue, results: list) -> None:
    while True:
        item = await queue.get()
        await asyncio.sleep(0.005)
        results.append(item)
        queue.task_done()
