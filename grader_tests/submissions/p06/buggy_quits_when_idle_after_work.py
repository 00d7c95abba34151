# expect: p06_test_backpressure
# Red-team pass 22: had 15/15 (the 10**9 s waits were all a fresh consumer's or producer's first; no steps counted there).
# P06 finding: a consumer that waits however long for its first item, but returns on its own once
# it has processed something and then found the queue empty for an hour.
# Broken promise: "consumer runs forever ... It never returns on its own: it is cancelled when the
# work is done": in a pipeline with a quiet hour between two batches, every consumer has quit, the
# next batch is never processed and join() waits forever.
# Score obtained: 15/15.   Fair: p06_test_backpressure should fail (12/15).
# Why missed: the 10**9 s empty-queue wait of consumer_waits_when_empty is a fresh consumer's wait
# for its FIRST item; a consumer that has processed items never meets an empty queue for more than
# a few ms. A long empty period between two batches (after join(), before the next put) would catch it.
import asyncio

PATIENCE = 3600.0


async def producer(queue: asyncio.Queue, n: int) -> None:
    for item in range(n):
        await queue.put(item)


async def consumer(queue: asyncio.Queue, results: list) -> None:
    worked = False
    while True:
        if not worked:
            item = await queue.get()
        else:
            try:
                item = await asyncio.wait_for(queue.get(), PATIENCE)
            except TimeoutError:
                return      # the work has dried up
        await asyncio.sleep(0.005)
        results.append(item)
        queue.task_done()
        worked = True
