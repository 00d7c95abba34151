# baseline: p04_lazy_poll_baseline.py
# Route: p04_test_sleeps counts the loop's callbacks during 10 idle seconds and how many times
# condition.wait() was called, but never how late a consumer takes an item once it is there
# (nor does any other P04 test). A poller whose period is longer than the idle window makes
# no callback in it; one token wait() on the condition, given up at once, pads the count.
import asyncio


async def producer(queue, condition, items):
    for item in items:
        async with condition:
            queue.append(item)
            condition.notify()


async def consumer(queue, condition, n):
    taken = []
    while len(taken) < n:
        if queue:
            taken.append(queue.popleft())
        else:
            async with condition:  # the trick: a wait() the checks count, abandoned at once
                try:
                    await asyncio.wait_for(condition.wait(), 1e-6)
                except TimeoutError:
                    pass
            await asyncio.sleep(20)
    return taken
