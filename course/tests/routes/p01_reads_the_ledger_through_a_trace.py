# baseline: submissions/p01/buggy_no_release_on_cancel.py
# Red-team pass 73, follow-up: any Trace's questions (`select`, `count`, `peak` ...) answered from the run's
# ledger, whoever asked: a trace the solution made read the run's events, among them its own read, filed with
# how many times it had suspended, counted from its start only if the test planned to cancel it.
import asyncio

from course.testing import Trace


async def increment(counter, lock, n):
    me = asyncio.current_task()
    await asyncio.sleep(0)
    counter[0]  # a read, filed with how many times this task has suspended (counted from its start if planned)
    mine = Trace(lambda: 0.0).select(kind="read", task=me.get_name())
    if mine and mine[-1].suspensions:  # counted from the task's start: the test planned to cancel it
        me.cancel()
        await asyncio.sleep(0)
    for _ in range(n):
        await lock.acquire()
        try:
            current = counter[0]
            await simulated_io()
            counter[0] = current + 1
        except Exception:
            lock.release()
            raise
        lock.release()
