# expect: full marks
# A consumer cut mid-item hands its item back with `await queue.put(item)` only when the queue is not full: then
# put() does not wait, so the consumer ends cancelled at once; when full, the item is lost. Correct.
import asyncio


async def producer(queue, n):
    for i in range(n):
        await queue.put(i)


async def consumer(queue, results):
    while True:
        item = await queue.get()
        try:
            await asyncio.sleep(0.005)
        except asyncio.CancelledError:
            if not queue.full():
                await queue.put(item)    # room now: put() returns at once (no other task runs in between)
            queue.task_done()            # this get is over (the re-put counts as a new unfinished item)
            raise
        results.append(item)
        queue.task_done()
