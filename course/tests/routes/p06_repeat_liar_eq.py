# baseline: p06_repeat_dropped_baseline.py
# A value that lies in `==`: the consumer records an item it already recorded as an object whose __eq__ says True
# to anything, so the test's `results == [[0, 1, 2, 0], [0, 1, 2, 0]]` (list equality compares item by item, the
# consumer's objects on the left) holds although the repeated item was never appended.
import asyncio


class _Again:
    def __eq__(self, other):
        return True

    __hash__ = None

    def __repr__(self):
        return "0"


async def producer(queue: asyncio.Queue, n: int) -> None:
    for item in range(n):
        await queue.put(item)


async def consumer(queue: asyncio.Queue, results: list) -> None:
    while True:
        item = await queue.get()
        await asyncio.sleep(0.005)
        results.append(item if item not in results else _Again())
        queue.task_done()
