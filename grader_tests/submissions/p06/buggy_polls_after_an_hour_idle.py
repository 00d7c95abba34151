# expect: p06_test_backpressure
# Red-team pass 22: had 15/15 (the 10**9 s waits were all a fresh consumer's or producer's first; no steps counted there).
# P06 finding: consumer and producer that switch to polling after an hour of waiting.
# Broken promise: "a consumer ... waiting while the queue is empty" / the producer "waiting whenever
# the queue is full" (asleep in get()/put(), as p06_test_backpressure's own message says: "a waiting
# consumer does not wake up"): after an hour in get() (or put()), these give the queue up and poll
# it every 0.25 s with get_nowait()/put_nowait(), forever (an item then waits up to 250 ms in the queue
# next to an idle consumer; a producer up to 250 ms for room that is there).
# Score obtained: 15/15.   Fair: p06_test_backpressure should fail (12/15).
# Why missed: the idle-steps count covers only the first second of the empty queue; the 10**9 s
# waits are followed by let_time_pass (which stops at its step budget) and then only check that the
# items eventually go through, never how many steps the wait cost or how promptly the waiter moved.
import asyncio

PATIENCE = 3600.0   # an hour asleep in get()/put(), then look four times a second
POLL = 0.25


async def producer(queue: asyncio.Queue, n: int) -> None:
    for item in range(n):
        try:
            await asyncio.wait_for(queue.put(item), PATIENCE)
        except TimeoutError:
            while True:
                try:
                    queue.put_nowait(item)
                    break
                except asyncio.QueueFull:
                    await asyncio.sleep(POLL)


async def consumer(queue: asyncio.Queue, results: list) -> None:
    while True:
        try:
            item = await asyncio.wait_for(queue.get(), PATIENCE)
        except TimeoutError:
            while True:
                try:
                    item = queue.get_nowait()
                    break
                except asyncio.QueueEmpty:
                    await asyncio.sleep(POLL)
        await asyncio.sleep(0.005)
        results.append(item)
        queue.task_done()
