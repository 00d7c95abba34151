# expect: p01_test_visible p01_test_total p01_test_exclusive p01_test_given_lock p01_test_release_on_error p01_test_awaits_io
# The starter left empty: it makes no update at all, so it earns nothing, not even the
# checks of how updates are made ("every write holds the lock" holds for no writes).
async def increment(counter, lock, n):
    pass
