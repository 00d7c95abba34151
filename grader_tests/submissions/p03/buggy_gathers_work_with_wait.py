# expect: p03_test_waits_for_signal p03_test_one_set_wakes_all
# The wait and the work run side by side under one gather(): the worker returns once both are done,
# after the signal, but the work began at once, before it.
# (Its worker task is not the one woken by set(), so p03_test_one_set_wakes_all fails it too, as before.)
import asyncio


async def initializer(ready: asyncio.Event) -> None:
    await asyncio.sleep(0.02)
    ready.set()


async def worker(ready: asyncio.Event) -> None:
    await asyncio.gather(ready.wait(), asyncio.sleep(0.01))
