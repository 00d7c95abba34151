# expect: p04_test_visible p04_test_never_empty p04_test_each_once
# Waits with `if` instead of `while`: after a stolen wake-up (or a notify_all for one
# item) it calls popleft() on an empty deque.
async def producer(queue, condition, items):
    for item in items:
        async with condition:
            queue.append(item)
            condition.notify()


async def consumer(queue, condition, n):
    taken = []
    for _ in range(n):
        async with condition:
            if not queue:
                await condition.wait()
            taken.append(queue.popleft())
    return taken
