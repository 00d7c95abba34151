# expect: p01_test_visible p01_test_total p01_test_exclusive p01_test_given_lock p01_test_release_on_error
# Red-team pass 39 (attacker T: the checks' loop ran an executor call at once, its future already done): see
# below. Scored before the fix as the first comment lines say; now graded as the same code with an async call.
# P01 finding: a BUGGY increment with NO LOCK AT ALL (its I/O a driver call in a thread) earns half the points.
# Score now: 5/10 (passes p01_test_visible, p01_test_total, p01_test_exclusive). Fair score: 1/10, what
#   buggy_no_lock.py (the same bug with asyncio.sleep as its I/O) scores: only p01_test_awaits_io.
# Why it is buggy: read counter[0], `await asyncio.to_thread(write_row, value)` (which suspends on a real
#   loop: the task waits for the worker thread), write value + 1, without the lock. Concrete schedule, on
#   asyncio.run: 3 tasks x 10 increments all read 0, all suspend in to_thread, all write 1 ... the total is
#   10, not 30 (two thirds of the updates lost).
# Mechanism: the virtual loop's run_in_executor runs the call at once and hands back a done future, so the
#   await never suspends under the checks; with no suspension between read and write, no schedule the seeds
#   explore can interleave two updates, and the total and exclusivity checks pass vacuously. (The checks
#   that do catch it: given_lock, release_on_error, awaits_io; the latter also fails the CORRECT version,
#   p01_to_thread_no_suspension.py.)
import asyncio
import hashlib


def write_row(value: int) -> str:
    """A blocking, CPU-bound driver call (hashing the row before it is stored): run in a worker thread."""
    return hashlib.sha256(str(value).encode()).hexdigest()


async def increment(counter: list[int], lock: asyncio.Lock, n: int) -> None:
    for _ in range(n):
        value = counter[0]
        await asyncio.to_thread(write_row, value)  # the I/O, in a thread: other tasks run meanwhile
        counter[0] = value + 1
