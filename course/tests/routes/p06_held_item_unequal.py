# baseline: submissions/p06/buggy_appends_half_way_through_processing.py
# Route: p06_test_each_once's cancelled_anywhere asks whether the item consumer-0 held when it was cancelled
# (the traced get's detail: the very object the producer put) is `in` its results. The producer is the
# solution's, and the items it puts are checked nowhere for their type (only what lands in results is:
# `type(item) is int`). So the producer puts an int subclass that is equal to nothing, and the consumer
# records `int(item)`: results hold plain ints 0..n-1 as every check wants, and `held in results` is False
# (Python asks the subclass's __eq__ first). The baseline's bug (the item is appended half-way through its
# processing, so a consumer cancelled in the second half leaves in results an item never processed) is not seen.
import asyncio


class _Item(int):
    def __eq__(self, other):
        return False

    def __ne__(self, other):
        return True

    __hash__ = int.__hash__


async def producer(queue: asyncio.Queue, n: int) -> None:
    for item in range(n):
        await queue.put(_Item(item))


async def consumer(queue: asyncio.Queue, results: list) -> None:
    while True:
        item = await queue.get()
        await asyncio.sleep(0.0025)
        results.append(int(item))
        await asyncio.sleep(0.0025)
        queue.task_done()
