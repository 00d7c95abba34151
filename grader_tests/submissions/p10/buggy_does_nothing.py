# expect: p10_test_visible p10_test_order p10_test_any_items p10_test_waits p10_test_each_once p10_test_cancelled_get
# The starter left empty: put() keeps nothing and get() returns None at once. "No item is
# delivered twice" holds for a queue that delivers nothing; it earns nothing here.
class AsyncPriorityQueue:
    async def put(self, priority, item):
        pass

    async def get(self):
        return None

    def qsize(self):
        return 0
