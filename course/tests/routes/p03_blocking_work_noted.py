# baseline: p03_blocking_work_baseline.py
# P03 finding (red-team pass 73): `_isolation.executor_sleeps(list)` is harness code that asks the
# keeper for the ledger itself, so a solution calling it sets the run's `ledger.executor_sleeps`, as
# the loop's run_in_executor does around a function it runs "in a thread": from then on `time.sleep`
# in async code is noted there and returns at once, never refused (BlockingCall): the blocked loop
# goes unseen.
import asyncio
import time

from course.testing import _isolation


async def initializer(ready: asyncio.Event) -> None:
    await asyncio.sleep(0.02)
    ready.set()


async def worker(ready: asyncio.Event) -> None:
    await ready.wait()
    _isolation.executor_sleeps([])
    time.sleep(0.01)  # BUG: the work blocks the event loop (every other task waits meanwhile)
