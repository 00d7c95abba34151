# expect: p03_test_initializer
# Red-team finding (atkA, P03): the initializer signals in a `finally`, so a startup cancelled half-way
# (a startup deadline) still sends the signal and the workers go in before the service is ready. It had 10/10.
import asyncio


async def initializer(ready: asyncio.Event) -> None:
    try:
        await asyncio.sleep(0.02)   # the startup
    finally:
        ready.set()                 # also when the startup was cancelled: workers go in too early


async def worker(ready: asyncio.Event) -> None:
    await ready.wait()
    await asyncio.sleep(0.01)
