# expect: full marks
# Asks forgiveness: tries popleft() and waits when the deque turns out to be empty
# (nothing is taken from an empty deque; the IndexError is the signal to wait).
async def producer(queue, condition, items):
    for item in items:
        async with condition:
            queue.append(item)
            condition.notify()


async def consumer(queue, condition, n):
    taken = []
    async with condition:
        while len(taken) < n:
            try:
                taken.append(queue.popleft())
            except IndexError:
                await condition.wait()
    return taken
