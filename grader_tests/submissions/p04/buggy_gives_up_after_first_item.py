# expect: p04_test_sleeps
# Red-team pass 22: had 15/15 (the 10**9 s waits were all for a consumer's first item; steps counted only in the first 10 s).
# P04 finding: a consumer that waits however long for its FIRST item, but gives up (returns what it
# took) once it has waited a minute for any later one.
# Broken promise: "consumer takes n items" / waits on the condition while the deque is empty (the
# contract bounds no wait): asked for 2 items, a second item that comes 61 s after the first is never
# taken; the consumer returns a 1-item list and the item stays in the deque.
# ("once items flow, a minute of silence means the producer is gone" is the student's excuse.)
# Score obtained: 15/15.   Fair: p04_test_sleeps should fail (12/15).
# Why missed: the 10**9 s waits of p04_test_sleeps are all for a consumer's FIRST item (consumers
# asked for 1 item); every multi-item consumer gets its items at most ~10 ms apart. A long wait
# between two items of one consumer would catch it.
import asyncio
from collections import deque

PATIENCE = 60.0


async def producer(queue: deque, condition: asyncio.Condition, items: list) -> None:
    for item in items:
        async with condition:
            queue.append(item)
            condition.notify()


async def consumer(queue: deque, condition: asyncio.Condition, n: int) -> list:
    taken = []
    for _ in range(n):
        async with condition:
            if not taken:
                await condition.wait_for(lambda: len(queue) > 0)
            else:
                try:
                    await asyncio.wait_for(condition.wait_for(lambda: len(queue) > 0), PATIENCE)
                except TimeoutError:
                    return taken    # the producer has gone quiet
            taken.append(queue.popleft())
    return taken
