# expect: p03_test_visible p03_test_initializer
# Signals first and starts up second: the workers go in before the service is ready.
import asyncio


async def initializer(ready):
    ready.set()
    await asyncio.sleep(0.02)


async def worker(ready):
    await ready.wait()
    await asyncio.sleep(0.01)
