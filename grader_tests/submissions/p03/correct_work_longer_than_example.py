# expect: full marks
# Red-team pass 21 (fairness): the worker's work takes 50 ms; the statement's 10 ms is an example
# ("then does its work (for example `await asyncio.sleep(0.01)`)"). p03_test_one_set_wakes_all
# required every worker done 10 ms after set() and gave it 7/10; it now judges the wake-up alone.
import asyncio


async def initializer(ready):
    await asyncio.sleep(0.02)
    ready.set()


async def worker(ready):
    await ready.wait()
    await asyncio.sleep(0.05)   # this worker's (simulated) work
