# expect: p06_test_backpressure
# The consumer polls the queue instead of waiting in `await queue.get()`: while the queue is
# empty it wakes every millisecond to look again (the P06 statement: "takes the next item
# (waiting while the queue is empty)"; Hint 1: "no asyncio.sleep loop to wait ... for items").
# The producer-side twin (buggy_polling_producer.py) fails the same cell, which times both
# sides: a consumer left on an empty queue for a second must sleep in get() the whole time.
import asyncio


async def producer(queue: asyncio.Queue, n: int) -> None:
    for item in range(n):
        await queue.put(item)


async def consumer(queue: asyncio.Queue, results: list) -> None:
    while True:
        try:
            item = queue.get_nowait()
        except asyncio.QueueEmpty:
            await asyncio.sleep(0.001)  # nothing yet: look again in 1 ms
            continue
        await asyncio.sleep(0.005)
        results.append(item)
        queue.task_done()
