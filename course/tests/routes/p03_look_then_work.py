# baseline: p03_own_work_baseline.py
# Route: a look at the event forgave up to 8 of the looking task's next steps, whenever they came. As its baseline
# (part of the work done before waiting), but the worker first glances at the event (`ready.is_set()`): the work's
# steps, 2 and 4 ms later, were paid by that look's credit.
import asyncio


async def initializer(ready: asyncio.Event) -> None:
    await asyncio.sleep(0.02)
    ready.set()


async def worker(ready: asyncio.Event) -> None:
    ready.is_set()  # TRICK: a look, before the work
    for _ in range(2):  # BUG: work begun before the signal
        await asyncio.sleep(0.002)
    await ready.wait()
    await asyncio.sleep(0.01)
