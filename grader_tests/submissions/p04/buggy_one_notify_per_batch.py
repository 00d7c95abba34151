# expect: p04_test_each_once p04_test_sleeps
# Appends a whole batch, then notifies once: one consumer wakes for several items, and
# the other waiting consumers sleep on next to a non-empty deque.
async def producer(queue, condition, items):
    async with condition:
        queue.extend(items)
        condition.notify()


async def consumer(queue, condition, n):
    taken = []
    for _ in range(n):
        async with condition:
            await condition.wait_for(lambda: len(queue) > 0)
            taken.append(queue.popleft())
    return taken
