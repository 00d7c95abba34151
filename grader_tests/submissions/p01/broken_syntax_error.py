# expect: p01_test_visible p01_test_total p01_test_exclusive p01_test_given_lock p01_test_release_on_error p01_test_awaits_io
# Does not even compile, so increment is never defined.
async def increment(counter, lock, n)
    for _ in range(n):
        counter[0] += 1
