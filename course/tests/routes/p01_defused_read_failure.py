# baseline: p01_read_outside_try_baseline.py
# Finding: p01 route "defused read failure". Scores now 10/10; fair 8/10 (baseline below fails
# p01_test_release_on_error, 2 points).
# Bug covered up: the read of counter[0] happens after acquire() but outside the try/finally,
# so a read that raises leaves the lock held forever.
# How: p01_test_release_on_error's CounterWhoseReadFails decides when to fail from its own
# instance attribute `self.reads` (the 3rd read raises), and the test only checks the
# read-failure case `if any(... "failing-read" note for this counter)`. The solution sets
# counter.reads far negative, so no read ever fails, no note is made and the read-failure
# requirements are silently skipped: the scenario passes on every seed.
# Baseline (same code without the first two lines of the body): 8/10.
async def increment(counter, lock, n):
    # The test's failing-read counter counts its reads in an attribute of its own: push it far back.
    if type(getattr(counter, "reads", None)) is int:
        counter.reads = -10**18
    for _ in range(n):
        await lock.acquire()
        current = counter[0]          # a read that raises leaves the lock held
        try:
            await simulated_io()
            counter[0] = current + 1
        finally:
            lock.release()
