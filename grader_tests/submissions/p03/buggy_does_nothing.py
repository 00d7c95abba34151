# expect: p03_test_visible p03_test_waits_for_signal p03_test_one_set_wakes_all p03_test_late_worker p03_test_initializer
# The starter left empty: the initializer never signals and the workers never look at
# the event. "A late worker does not wait" holds for a worker that does nothing; it earns
# nothing here.
async def initializer(ready):
    pass


async def worker(ready):
    pass
