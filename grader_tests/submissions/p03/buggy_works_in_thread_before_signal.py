# expect: p03_test_waits_for_signal p03_test_one_set_wakes_all
# Red-team pass 39: the work done before the signal, in a thread (asyncio.to_thread(time.sleep, 0.01)). The checks'
# loop ran it at once, its future already done: no step, no time, and the early work went unseen (10/10). Its
# future now completes after the virtual seconds time.sleep was asked for: steps run while nobody set the event.
import asyncio
import time


async def initializer(ready: asyncio.Event) -> None:
    await asyncio.sleep(0.02)
    ready.set()


async def worker(ready: asyncio.Event) -> None:
    await asyncio.to_thread(time.sleep, 0.01)  # BUG: the work, in a thread, before the signal
    await ready.wait()
