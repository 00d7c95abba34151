# Baseline of p01_defused_read_failure.py and p01_failing_read_unheard.py: the read of counter[0] comes
# after acquire() but outside the try/finally, so a read that raises leaves the lock held: 8/10.
async def increment(counter, lock, n):
    for _ in range(n):
        await lock.acquire()
        current = counter[0]          # a read that raises leaves the lock held
        try:
            await simulated_io()
            counter[0] = current + 1
        finally:
            lock.release()
