# expect: p03_test_waits_for_signal p03_test_one_set_wakes_all
# A startup watchdog with a generous limit: after 10 minutes without the signal a worker
# decides startup is broken and serves anyway. Any finite limit is the same bug: while the
# event is not set, a worker must not go on, however long that takes.
import asyncio


async def initializer(ready: asyncio.Event) -> None:
    await asyncio.sleep(0.02)
    ready.set()


async def worker(ready: asyncio.Event) -> None:
    try:
        async with asyncio.timeout(600):
            await ready.wait()
    except TimeoutError:
        pass  # BUG: serves without the signal
    await asyncio.sleep(0.01)
