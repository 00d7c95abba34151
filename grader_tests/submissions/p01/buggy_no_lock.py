# expect: p01_test_visible p01_test_total p01_test_exclusive p01_test_given_lock p01_test_release_on_error
# No lock at all: two tasks read the same value and one update is lost.
async def increment(counter, lock, n):
    for _ in range(n):
        current = counter[0]
        await simulated_io()
        counter[0] = current + 1
