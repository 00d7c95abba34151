# expect: p01_test_visible p01_test_total p01_test_exclusive p01_test_given_lock p01_test_release_on_error p01_test_awaits_io
# Spins without ever awaiting: the event loop is blocked for good.
async def increment(counter, lock, n):
    while True:
        pass
