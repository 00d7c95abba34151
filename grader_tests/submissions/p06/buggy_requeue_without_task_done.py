# expect: p06_test_each_once
# Like correct_requeue_on_cancel.py, but the consumer cancelled mid-item hands the item back without calling
# task_done() for its own get: the item is processed once by another consumer, yet the queue counts one unfinished
# task too many and join() never returns. cancelled_anywhere (p06_test_each_once) requires join() to return when
# the handed-back item is processed by the other consumer. Found by red-team pass 40 (the counterpart of the
# accepted re-queue).
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
            try:
                queue.put_nowait(item)   # hand the unprocessed item back, for another consumer
            except asyncio.QueueFull:
                pass
            raise                        # BUG: no task_done() for this get: join() waits forever
        results.append(item)
        queue.task_done()
