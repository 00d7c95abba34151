import asyncio


async def initializer(ready: asyncio.Event) -> None:
    await asyncio.sleep(0.02)
    ready.set()


async def worker(ready: asyncio.Event) -> None:
    await ready.wait()
    asyncio.sleep(0.01)  # BUG: forgotten await: the work never happens
