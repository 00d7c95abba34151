# baseline: submissions/p06/buggy_appends_half_way_through_processing.py
# Red-team pass 88.
# As p07_reach_steer, in the consumer: correct in a sweep's later trials (a draw of its own generator seen
# before), padded with harmless suspensions then buggy (appends half way through processing) elsewhere.
import asyncio
import random

_g = random.Random(20261206)
_seen = set()
PAD = 60


async def producer(queue: asyncio.Queue, n: int) -> None:
    for item in range(n):
        await queue.put(item)


async def consumer(queue: asyncio.Queue, results: list) -> None:
    v = _g.random()
    replayed = v in _seen
    _seen.add(v)
    if replayed:
        while True:
            item = await queue.get()
            await asyncio.sleep(0.005)
            results.append(item)
            queue.task_done()
    for _ in range(PAD):
        await asyncio.sleep(0)
    while True:
        item = await queue.get()
        await asyncio.sleep(0.0025)
        results.append(item)
        await asyncio.sleep(0.0025)
        queue.task_done()
