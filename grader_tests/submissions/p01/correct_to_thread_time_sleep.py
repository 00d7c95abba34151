# expect: full marks
# Red-team pass 39 (attacker T: the checks' loop ran an executor call at once, its future already done): see
# below. Scored before the fix as the first comment lines say; now graded as the same code with an async call.
# P01 finding: a CORRECT increment whose I/O is a blocking driver call run in a thread (asyncio.to_thread)
# loses every point.
# Score now: 0/10 (every test cell: "Blocking call: time.sleep(0.001) was called inside async code").
# Fair score: 10/10.
# Why it is correct: each update is read, await (that suspends the task: asyncio.to_thread's future completes
#   only when the worker thread is done), write, all under `async with lock` with the lock passed in; the
#   contract (P01): "Any await that suspends the task between the read and the write counts". On asyncio.run,
#   3 tasks x 10 give exactly 30; the same code without the lock gives 10 (so the await really suspends).
#   Putting a blocking call in a thread is what the notebooks teach (and the harness's own comment says so).
# Mechanism: VirtualTimeLoop.run_in_executor (course/testing/_loop.py) runs the function in the loop's own
#   thread, where the patched time.sleep (course/testing/_isolation.py) raises BlockingCall because that
#   thread is the worker thread of a check: a time.sleep that really ran in a thread is reported as
import asyncio
import time


def write_row() -> None:
    """A blocking database driver call (1 ms): it belongs in a worker thread, off the event loop."""
    time.sleep(0.001)


async def increment(counter: list[int], lock: asyncio.Lock, n: int) -> None:
    for _ in range(n):
        async with lock:
            value = counter[0]
            await asyncio.to_thread(write_row)  # the I/O, in a thread: this task is suspended meanwhile
            counter[0] = value + 1
