# Honest baseline of p03_renamed_event.py: the same initializer, the event left as it is. It signals even
# when cancelled during its startup: p03_test_initializer sees the signal sent by a cancelled startup.
import asyncio


async def initializer(ready: asyncio.Event) -> None:
    try:
        await asyncio.sleep(0.02)
    except BaseException:
        ready.set()  # BUG: also when cancelled during the startup
        raise
    ready.set()


async def worker(ready: asyncio.Event) -> None:
    await ready.wait()
    await asyncio.sleep(0.01)
