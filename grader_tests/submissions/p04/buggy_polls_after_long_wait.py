# expect: p04_test_sleeps
# Red-team pass 22: had 15/15 (the 10**9 s waits were all for a consumer's first item; steps counted only in the first 10 s).
# P04 finding: a consumer that sleeps on the condition for its first 4103 s of waiting, then polls.
# Broken promise: "Whenever the deque is empty it waits on condition (asleep, not polling)" /
# "waiting consumers sleep on the condition rather than polling": once it has waited 4103 s
# (an hour and a bit) for one item, it stops waiting on the condition and looks at the deque every
# 0.5 ms (2000 wake-ups a second per consumer, forever).
# Score obtained: 15/15.   Fair: p04_test_sleeps should fail (12/15).
# Why missed: p04_test_sleeps counts loop steps only over the first 10 idle seconds; after the
# 10**9 s wait (cut short by let_time_pass's step budget) it checks promptness with a slack of 1 ms,
# which a 0.5 ms poll meets. A check of the steps (or of wait() being the place the consumer sleeps)
# after the long wait, or a promptness slack of ~0 as P03 now has, would catch it.
import asyncio
from collections import deque

PATIENCE = 4103.0   # seconds asleep on the condition for one item, then poll
POLL = 0.0005


async def producer(queue: deque, condition: asyncio.Condition, items: list) -> None:
    for item in items:
        async with condition:
            queue.append(item)
            condition.notify()


async def consumer(queue: deque, condition: asyncio.Condition, n: int) -> list:
    loop = asyncio.get_running_loop()
    taken = []
    for _ in range(n):
        async with condition:
            since = loop.time()
            while not queue:
                left = PATIENCE - (loop.time() - since)
                if left > 0:
                    try:
                        await asyncio.wait_for(condition.wait(), left)
                    except TimeoutError:
                        pass
                else:  # waited long enough for a notify: look for ourselves
                    condition.release()
                    try:
                        await asyncio.sleep(POLL)
                    finally:
                        await condition.acquire()
            taken.append(queue.popleft())
    return taken
# Note: PATIENCE is tuned. let_time_pass checks its step budget only between its doubling
# stretches, so polling that begins early in a long stretch runs ~10**5 steps and trips the 1 s CPU
# watchdog (NeverYields; with PATIENCE = 4100 this scored 12/15). Polling that begins a few seconds
# before a stretch ends (here 4105.001 s) is cut short by the budget and passes.
