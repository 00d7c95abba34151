# expect: full marks
# A consumer cancelled in the middle of processing an item does not lose it: it puts the item back into the queue
# (put_nowait, only if there is room, so maxsize holds) and calls task_done() for its own get; another consumer
# then gets it again, processes it (5 ms) and records it, once. Correct: every item is processed exactly once and
# join() returns (one task_done() per get). cancelled_anywhere (p06_test_each_once) looked for the held item in
# every consumer's results; it now requires it absent from the cancelled consumer's own results, and, when another
# consumer recorded it, that this one got it from the queue again and that join() returns. Found by red-team pass 40.
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
                pass                     # no room: it is lost, as with a plain consumer
            queue.task_done()            # this get is over (the re-put counts as a new unfinished item)
            raise
        results.append(item)
        queue.task_done()
