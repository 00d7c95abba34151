# baseline: submissions/p06/buggy_appends_half_way_through_processing.py
# Appends half way through processing (the baseline's bug), and takes the item back out of `results` only when
# a cancellation in the second half lands at the very virtual instant it suspended (a sweep's cut).
import asyncio


async def producer(queue: asyncio.Queue, n: int) -> None:
    for item in range(n):
        await queue.put(item)


async def consumer(queue: asyncio.Queue, results: list) -> None:
    loop = asyncio.get_running_loop()
    while True:
        item = await queue.get()
        await asyncio.sleep(0.0025)
        results.append(item)
        t = loop.time()
        try:
            await asyncio.sleep(0.0025)
        except asyncio.CancelledError:
            if loop.time() == t:
                results.pop()
            raise
        queue.task_done()
