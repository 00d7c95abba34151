# baseline: p03_looks_baseline.py
import asyncio


async def initializer(ready: asyncio.Event) -> None:
    await asyncio.sleep(0.02)
    ready.set()


async def worker(ready: asyncio.Event) -> None:
    if not ready._value:
        await ready.wait()
    else:
        # The test's own event subclass counts looks in an attribute the worker holds: bump it.
        vars(ready)["looks"] = vars(ready).get("looks", 0) + 1
    await asyncio.sleep(0.01)
