# expect: full marks
# Red-team pass 23 (fairness guard): a late worker yields once (sleep(0)) before its work, and the work's
# length varies per call; p03_test_late_worker's new comparison with the woken workers must not call
# either a wait (a late worker fails only if it took over 1 s longer AND suspended more often).
import asyncio
import itertools

_numbers = itertools.count()


async def initializer(ready):
    await asyncio.sleep(0.02)
    ready.set()


async def worker(ready):
    number = next(_numbers)
    if ready.is_set():
        await asyncio.sleep(0)  # a checkpoint: let others run first
    else:
        await ready.wait()
    await asyncio.sleep(0.001 * (1 + number % 5))
