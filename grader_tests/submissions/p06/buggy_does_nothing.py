# expect: p06_test_visible p06_test_bounded p06_test_backpressure p06_test_each_once p06_test_join p06_test_share_work
# The starter left empty: nothing is put and the consumer returns at once. "The queue
# never holds more than maxsize" holds for an empty queue; it earns nothing here.
async def producer(queue, n):
    pass


async def consumer(queue, results):
    pass
