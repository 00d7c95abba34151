# expect: p06_test_each_once
# Every parameter renamed (q, count / q, out): producer(queue=..., n=...) and consumer(queue=...,
# results=...), the contract's signatures, raise TypeError.
import asyncio


async def producer(q: asyncio.Queue, count: int) -> None:
    for item in range(count):
        await q.put(item)


async def consumer(q: asyncio.Queue, out: list) -> None:
    while True:
        item = await q.get()
        await asyncio.sleep(0.005)
        out.append(item)
        q.task_done()
