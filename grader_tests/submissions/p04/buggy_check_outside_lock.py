# expect: p04_test_each_once p04_test_sleeps
# Looks at the deque before taking the condition's lock: a notify sent in that gap is
# lost, and the consumer sleeps on although an item is waiting.
# (p04_test_sleeps sees it too since red-team pass 20: a consumer waiting for the lock the test
# holds finds the deque empty, and the producer's notify comes before it waits.)
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
