# expect: p03_test_initializer
# Same kind, another shape: "never leave the workers hanging" written as an except clause; a startup
# cancelled half-way signals, then lets the cancellation go on.
import asyncio


async def initializer(ready: asyncio.Event) -> None:
    try:
        await asyncio.sleep(0.01)   # the startup, in two steps
        await asyncio.sleep(0.01)
    except asyncio.CancelledError:
        ready.set()
        raise
    ready.set()


async def worker(ready: asyncio.Event) -> None:
    await ready.wait()
    await asyncio.sleep(0.01)
