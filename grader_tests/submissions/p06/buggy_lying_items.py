# expect: p06_test_backpressure p06_test_each_once p06_test_visible
# Puts n-1 ... 0 instead of 0 ... n-1, as ints that say they equal anything, so the
# consumer's results compared with `==` look like 0, 1, ..., n-1. The items are the ints
# 0 ... n-1. (The visible check compares with `==`: it passes.)
import asyncio


class AgreeableInt(int):
    def __eq__(self, other):
        return True

    __hash__ = int.__hash__


async def producer(queue, n):
    for item in reversed(range(n)):
        await queue.put(AgreeableInt(item))


async def consumer(queue, results):
    while True:
        item = await queue.get()
        await asyncio.sleep(0.005)
        results.append(item)
        queue.task_done()
