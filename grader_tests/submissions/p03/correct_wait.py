# expect: full marks
# The reference style: sleep, set; wait, work.
import asyncio


async def initializer(ready: asyncio.Event) -> None:
    await asyncio.sleep(0.02)
    ready.set()


async def worker(ready: asyncio.Event) -> None:
    await ready.wait()
    await asyncio.sleep(0.01)
