# expect: p04_test_visible p04_test_never_empty p04_test_order p04_test_each_once p04_test_sleeps
# The starter left empty: nothing is produced and nothing taken. "Never takes from an
# empty deque" holds for a consumer that takes nothing; it earns nothing here.
async def producer(queue, condition, items):
    pass


async def consumer(queue, condition, n):
    return []
