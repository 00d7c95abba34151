# expect: p06_test_each_once
# Red-team pass 41 (attacker Y): a consumer raises the loop's own livelock bound and step budget
# (`loop.max_steps_per_instant`, `loop.max_steps`), then, cut mid-item, busy-polls for room 60,000 times at one
# virtual instant before it loses the item. The run's bounds are the checks' own, not the loop's attributes:
# still a livelock (cancelled_anywhere).
import asyncio


async def producer(queue, n):
    for i in range(n):
        await queue.put(i)


async def consumer(queue, results):
    loop = asyncio.get_running_loop()
    loop.max_steps_per_instant = 10**12     # (raises the checks' own livelock bound: nothing notices)
    while True:
        item = await queue.get()
        try:
            await asyncio.sleep(0.005)
        except asyncio.CancelledError:
            loop.max_steps = max(loop.max_steps, loop.steps + 10**6)
            # BUG: busy-polls for room (sleep(0) at one instant) up to 60,000 times before giving the item up
            for _ in range(60_000):
                try:
                    queue.put_nowait(item)
                    break
                except asyncio.QueueFull:
                    await asyncio.sleep(0)
            queue.task_done()
            raise
        results.append(item)
        queue.task_done()
