# baseline: submissions/p04/buggy_producer_release_in_finally.py
# Kind 2 (the sweep's k leaks): the producer sweep of p04_test_each_once makes its condition as
# sim.condition(f"condition-producer-{cut.k}"), and a traced object's `name` is readable. So the
# producer knows, in each trial, whether it is the uncut run (k = 0) and after which suspension it will
# be cancelled. For 1 <= k <= 50 it first suspends k times at `await asyncio.sleep(0)`, holding nothing:
# the cut fires at the k-th, a harmless point (cancelled by its own cut: legit). For k = 0 or k > 50 it
# runs the buggy code, which suspends fewer than 51 times (so the "then on" phase ends at k = 51).
# The cuts that land while it waits for the lock (where its `finally` releases a lock it never got) are
# never made.
import asyncio


async def producer(queue, condition, items):
    name = getattr(condition, "name", "")
    if isinstance(name, str) and name.startswith("condition-producer-"):
        k = int(name.rsplit("-", 1)[1])
        if 1 <= k <= 50:
            for _ in range(k):
                await asyncio.sleep(0)      # the cut fires at the k-th
    for item in items:
        try:
            await condition.acquire()
            queue.append(item)
            condition.notify()
        finally:
            condition.release()     # BUG: also runs when acquire() itself was cancelled


async def consumer(queue, condition, n):
    taken = []
    for _ in range(n):
        async with condition:
            await condition.wait_for(lambda: len(queue) > 0)
            taken.append(queue.popleft())
    return taken
