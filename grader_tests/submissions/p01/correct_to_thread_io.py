# expect: full marks
# Red-team pass 39 (attacker T: the checks' loop ran an executor call at once, its future already done): see
# below. Scored before the fix as the first comment lines say; now graded as the same code with an async call.
# P01 finding: a CORRECT increment whose I/O is a CPU-bound driver call in a thread (asyncio.to_thread)
# loses the "awaits I/O" point.
# Score now: 9/10 (p01_test_awaits_io fails: "6 of the 6 updates wrote counter[0] back without suspending
#   since reading it"). Fair score: 10/10.
# Why it is correct: on a real loop `await asyncio.to_thread(...)` always suspends the task (the executor
#   future is resolved from the worker thread through call_soon_threadsafe, later); run with asyncio.run,
#   3 tasks x 10 give 30 with the lock, 10 without it (lost updates): the await is a real suspension point
#   between the read and the write, which is what the contract asks ("Any await that suspends the task").
# Mechanism: VirtualTimeLoop.run_in_executor runs `func` at once and returns an already-done future, so
#   `await loop.run_in_executor(...)` / `await asyncio.to_thread(...)` never yields under the checks: the
#   harness models a thread call as no suspension at all. The reverse side (a buggy solution gaining points
#   from the same thing) is p01_to_thread_no_lock.py.
import asyncio
import hashlib


def write_row(value: int) -> str:
    """A blocking, CPU-bound driver call (hashing the row before it is stored): run in a worker thread."""
    return hashlib.sha256(str(value).encode()).hexdigest()


async def increment(counter: list[int], lock: asyncio.Lock, n: int) -> None:
    for _ in range(n):
        async with lock:
            value = counter[0]
            await asyncio.to_thread(write_row, value)  # the I/O, in a thread: this task is suspended meanwhile
            counter[0] = value + 1
