# expect: p06_test_each_once
# Red-team finding: a consumer cut mid-item hands the item back with `await queue.put(item)`, waiting for room.
# With the queue full and nobody else to make room (the only consumer, the producer waiting in put(); or every
# consumer cancelled at once by a shutdown) it waits forever instead of ending cancelled: cancelled_with_no_room.
import asyncio


async def producer(queue: asyncio.Queue, n: int) -> None:
    for item in range(n):
        await queue.put(item)


async def consumer(queue: asyncio.Queue, results: list) -> None:
    while True:
        item = await queue.get()
        try:
            await asyncio.sleep(0.005)
        except asyncio.CancelledError:
            await queue.put(item)  # hand the unprocessed item back, waiting for room (BUG: may wait forever)
            queue.task_done()      # this get is over; the re-put counts as a new unfinished item
            raise
        results.append(item)
        queue.task_done()
