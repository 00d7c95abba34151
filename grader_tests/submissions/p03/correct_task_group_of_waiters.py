# expect: full marks
# Fairness guard: the worker waits in a task of a TaskGroup, a 0.3 s watchdog of asyncio.wait_for
# (a new task per try on 3.11) that gives up and waits again; then it works. Every step taken before
# the signal is one that looks at the event (on 3.11, by a task made for that try).
import asyncio


async def initializer(ready: asyncio.Event) -> None:
    await asyncio.sleep(0.02)
    ready.set()


async def _wait(ready: asyncio.Event) -> None:
    while True:
        try:
            await asyncio.wait_for(ready.wait(), timeout=0.3)
            return
        except TimeoutError:
            pass


async def worker(ready: asyncio.Event) -> None:
    async with asyncio.TaskGroup() as group:
        group.create_task(_wait(ready))
    await asyncio.sleep(0.01)
