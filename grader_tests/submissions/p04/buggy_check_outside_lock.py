# expect: p04_test_each_once
# Looks at the deque before taking the condition's lock: a notify sent in that gap is
# lost, and the consumer sleeps on although an item is waiting.
async def producer(queue, condition, items):
    for item in items:
        async with condition:
            queue.append(item)
            condition.notify()


async def consumer(queue, condition, n):
    taken = []
    for _ in range(n):
        while not queue:
            async with condition:
                await condition.wait()
        taken.append(queue.popleft())
    return taken
