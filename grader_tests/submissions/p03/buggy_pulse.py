# expect: p03_test_visible p03_test_initializer
# Sends a pulse: set() then clear() "to reset it". The workers already waiting go on,
# but the event is not left set, so a worker that comes later would wait forever.
import asyncio


async def initializer(ready):
    await asyncio.sleep(0.02)
    ready.set()
    ready.clear()


async def worker(ready):
    await ready.wait()
    await asyncio.sleep(0.01)
