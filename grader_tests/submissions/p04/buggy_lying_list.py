# expect: p04_test_never_empty p04_test_order p04_test_each_once p04_test_sleeps p04_test_visible
# Takes from the wrong end and returns the items in a list subclass that says it equals
# any list and always has the length asked for: `==` and len() would find nothing wrong.
# The contract's consumer returns a list. (The visible check compares with `==`: it passes.)
class AgreeableList(list):
    def __init__(self, items, n):
        super().__init__(items)
        self.n = n

    def __eq__(self, other):
        return True

    def __len__(self):
        return self.n


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
            taken.append(queue.pop())
    return AgreeableList(taken, n)
