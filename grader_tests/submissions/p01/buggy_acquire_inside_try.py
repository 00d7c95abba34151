# expect: p01_test_exclusive p01_test_release_on_error
# Explicit acquire/release with the acquire() INSIDE the try (the take-aways' named mistake).
# A task cancelled while it waits for the lock runs `finally` and releases the lock that
# ANOTHER task holds; the next waiter then walks into that task's read-await-write window,
# so two tasks are between reading and writing counter[0] at once and an update is lost.
# The contract: "no other task may get between the read and the write"; the take-aways:
# "With the acquire() inside the try, a task cancelled while it waits for the lock runs
# finally and releases a lock it never got."
import asyncio


async def increment(counter, lock, n):
    for _ in range(n):
        try:
            await lock.acquire()
            current = counter[0]
            await simulated_io()
            counter[0] = current + 1
        finally:
            lock.release()
