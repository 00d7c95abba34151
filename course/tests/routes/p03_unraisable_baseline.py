import asyncio
import sys


class _Log:
    def __del__(self):
        raise RuntimeError("log flush failed")


async def initializer(ready: asyncio.Event) -> None:
    await asyncio.sleep(0.02)
    ready.set()


async def worker(ready: asyncio.Event) -> None:
    await ready.wait()
    _Log()
    await asyncio.sleep(0.01)
