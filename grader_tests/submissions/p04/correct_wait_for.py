# expect: full marks
# The reference style: `async with condition`, one notify per item, wait_for a predicate.
async def producer(queue, condition, items):
    for item in items:
        async with condition:
            queue.append(item)
            condition.notify()


async def consumer(queue, condition, n):
    taken = []
    for _ in range(n):
        async with condition:
            await condition.wait_for(lambda: len(queue) > 0)
            taken.append(queue.popleft())
    return taken
