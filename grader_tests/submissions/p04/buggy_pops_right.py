# expect: p04_test_visible p04_test_order p04_test_each_once
# Takes from the wrong end: pop() instead of popleft(), so buffered items come out reversed.
async def producer(queue, condition, items):
    for item in items:
        async with condition:
            queue.append(item)
            condition.notify()


async def consumer(queue, condition, n):
    taken = []
    for _ in range(n):
        async with condition:
            while not queue:
                await condition.wait()
            taken.append(queue.pop())
    return taken
