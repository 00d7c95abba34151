# expect: full marks
# Fairness guard for p03_test_waits_for_signal's check of when work begins: the worker waits for the
# signal first, then does its work in child tasks (a TaskGroup of two steps, and a task it awaits),
# and waits inside a gather() of a task of its own. Nothing of the work runs before the signal.
import asyncio


async def initializer(ready: asyncio.Event) -> None:
    await asyncio.sleep(0.02)
    ready.set()


async def worker(ready: asyncio.Event) -> None:
    await asyncio.gather(asyncio.create_task(ready.wait()))
    async with asyncio.TaskGroup() as group:
        group.create_task(asyncio.sleep(0.004))
        group.create_task(asyncio.sleep(0.006))
    await asyncio.create_task(asyncio.sleep(0.002))
