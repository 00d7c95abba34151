import asyncio


async def initializer(ready: asyncio.Event) -> None:
    await asyncio.sleep(0.02)
    ready.set()


async def worker(ready: asyncio.Event) -> None:
    # BUG: polls is_set() every 5 ms instead of sleeping in wait(): nobody is asleep in the
    # event when set() comes, and the worker goes on up to 5 ms late.
    while not ready.is_set():
        await asyncio.sleep(0.005)
    await asyncio.sleep(0.01)
