# expect: p03_test_waits_for_signal p03_test_one_set_wakes_all
# "Never wait forever": gives up on the signal after 0.1 s and works anyway, so a
# signal that comes later finds nobody waiting for it.
import asyncio


async def initializer(ready):
    await asyncio.sleep(0.02)
    ready.set()


async def worker(ready):
    try:
        await asyncio.wait_for(ready.wait(), timeout=0.1)
    except TimeoutError:
        pass
    await asyncio.sleep(0.01)
