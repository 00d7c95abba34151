# expect: p06_test_each_once
# A consumer cut mid-item hands the item back (put_nowait) and calls task_done() in its except AND again in its
# finally: two task_done() for one get. Why buggy: the unfinished count drops one below the truth, so queue.join()
# returns while an item is still being processed (the demo then cancels the consumers and that item is lost), and
# the consumer that calls the last task_done() dies with ValueError("task_done() called too many times"); the item
# handed back is never processed. Fails p06_test_each_once (cancelled_anywhere): the other consumer must run on
# until the test cancels it, and join() must return only once no item is queued or being processed.
# Found by red-team pass 40 (second round): it scored 15/15 when the check asked only that join() had returned.
import asyncio


async def producer(queue, n):
    for i in range(n):
        await queue.put(i)


async def consumer(queue, results):
    while True:
        item = await queue.get()
        try:
            await asyncio.sleep(0.005)
            results.append(item)
        except asyncio.CancelledError:
            try:
                queue.put_nowait(item)   # hand the unprocessed item back
            except asyncio.QueueFull:
                pass
            queue.task_done()            # BUG: the finally below calls it again
            raise
        finally:
            queue.task_done()
