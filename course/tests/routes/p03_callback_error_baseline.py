import asyncio


async def initializer(ready: asyncio.Event) -> None:
    await asyncio.sleep(0.02)
    ready.set()


def _log_start():
    raise RuntimeError("logging backend down")


async def worker(ready: asyncio.Event) -> None:
    await ready.wait()
    loop = asyncio.get_running_loop()
    loop.call_soon(_log_start)
    await asyncio.sleep(0.01)
