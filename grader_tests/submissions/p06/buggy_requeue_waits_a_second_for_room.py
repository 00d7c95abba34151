# expect: p06_test_each_once
# Same kind as buggy_requeue_waits_for_room: a consumer cut mid-item waits up to 1 s in put() for room to hand its
# item back. Cancelled with the queue full and nobody else to make room, it ends only a second later, not at once
# (a shutdown waits on it): cancelled_with_no_room looks 0.1 s after the cancellation.
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
            try:                         # hand it back, waiting up to 1 s for room (BUG: not at once)
                await asyncio.wait_for(queue.put(item), 1.0)
            except asyncio.TimeoutError:
                pass
            queue.task_done()            # this get is over (the re-put counts as a new unfinished item)
            raise
        results.append(item)
        queue.task_done()
