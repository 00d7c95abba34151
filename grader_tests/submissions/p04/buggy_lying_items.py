# expect: p04_test_never_empty p04_test_order p04_test_each_once p04_test_sleeps p04_test_visible
# Takes from the wrong end (pop() instead of popleft()) and hides it: it returns
# lookalikes of the items, strings that say they equal anything, so a check that
# compares with `==` sees the right items in the right order. A consumer returns the
# very items it took; these are not them. (The visible check compares with `==`: it passes.)
class Lookalike(str):
    def __eq__(self, other):
        return True

    def __ne__(self, other):
        return False

    __hash__ = str.__hash__


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
            taken.append(Lookalike(queue.pop()))
    return taken
