# expect: p06_test_backpressure
# A consumer that shuts itself down after 2 s without work ("the pipeline must be finished
# by now"): it waits in get() with a timeout and returns when nothing came. The contract says
# the consumer runs forever and never returns on its own: a producer that pauses for 2 s (a
# slow upload listing, a network hiccup) finds no consumer left, and join() hangs for good.
import asyncio


async def producer(queue: asyncio.Queue, n: int) -> None:
    for item in range(n):
        await queue.put(item)


async def consumer(queue: asyncio.Queue, results: list) -> None:
    while True:
        try:
            item = await asyncio.wait_for(queue.get(), timeout=2)
        except TimeoutError:
            return  # idle for 2 s: assume the work is over
        await asyncio.sleep(0.005)
        results.append(item)
        queue.task_done()
