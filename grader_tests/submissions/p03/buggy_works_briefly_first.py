# expect: p03_test_waits_for_signal
# The work (0.5 ms here) done first, then the wait: the worker still ends after the signal, so only a
# check of when work begins sees it (it had 10/10). Work before the signal is what the event forbids.
import asyncio


async def initializer(ready: asyncio.Event) -> None:
    await asyncio.sleep(0.02)
    ready.set()


async def worker(ready: asyncio.Event) -> None:
    await asyncio.sleep(0.0005)   # the work, done BEFORE the signal
    await ready.wait()
