# expect: p03_test_visible p03_test_waits_for_signal p03_test_one_set_wakes_all p03_test_late_worker
# The workers never wait for the signal: they work as soon as they start.
import asyncio


async def initializer(ready):
    await asyncio.sleep(0.02)
    ready.set()


async def worker(ready):
    await asyncio.sleep(0.01)
