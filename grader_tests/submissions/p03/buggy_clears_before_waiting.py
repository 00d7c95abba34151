# expect: p03_test_late_worker
# Treats the event as a doorbell: clears it, then waits for "the next" signal. A worker
# that starts after the only signal waits forever.
import asyncio


async def initializer(ready):
    await asyncio.sleep(0.02)
    ready.set()


async def worker(ready):
    ready.clear()
    await ready.wait()
    await asyncio.sleep(0.01)
