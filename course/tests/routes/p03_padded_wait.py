# baseline: submissions/p03/buggy_polling.py
# Route: p03_test_one_set_wakes_all counts the waiters asleep in the event when set() is called
# and the "woken" events at that moment, but never asks whether a *worker* goes on then. A
# helper task sleeps in ready.wait() for each worker (a real wait, resumed by its own task's
# step), while the worker itself still polls is_set() every 5 ms and goes on late.
import asyncio


async def initializer(ready: asyncio.Event) -> None:
    await asyncio.sleep(0.02)
    ready.set()


async def worker(ready: asyncio.Event) -> None:
    if not ready.is_set():
        asyncio.ensure_future(ready.wait())  # the trick: a stand-in asleep in the event
    while not ready.is_set():
        await asyncio.sleep(0.005)
    await asyncio.sleep(0.01)
