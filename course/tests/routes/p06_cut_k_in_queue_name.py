# baseline: submissions/p06/buggy_appends_half_way_through_processing.py
# Kind 2 (the sweep's k leaks): p06_test_each_once's sweeps make their queue as
# sim.queue(2, f"queue-cut-{cut.k}") / f"queue-alone-{cut.k}", and a traced queue's `name` is readable.
# So each consumer knows whether this is the uncut run (k = 0) and after which suspension the target will be
# cancelled: for 1 <= k <= 50 it first suspends k times at `await asyncio.sleep(0)`, holding no item; the
# cut fires at the k-th (cancelled by its own cut: legit), before any get. For k = 0 or k > 50 the buggy code
# runs (fewer than 51 suspensions, so the "then on" phase ends at k = 51). The cuts that land in the second
# half of processing (where the item is already in results) are never made.
import asyncio


async def producer(queue: asyncio.Queue, n: int) -> None:
    for item in range(n):
        await queue.put(item)


async def consumer(queue: asyncio.Queue, results: list) -> None:
    name = getattr(queue, "name", "")
    if isinstance(name, str) and (name.startswith("queue-cut-") or name.startswith("queue-alone-")):
        k = int(name.rsplit("-", 1)[1])
        if 1 <= k <= 50:
            for _ in range(k):
                await asyncio.sleep(0)      # the cut fires at the k-th
    while True:
        item = await queue.get()
        await asyncio.sleep(0.0025)
        results.append(item)
        await asyncio.sleep(0.0025)
        queue.task_done()
