# expect: p03_test_waits_for_signal
# Red-team pass (the worker's work begun before the signal, in a task of its own): the worker starts its
# work in a child task at once, then waits for the signal and only then awaits the work. It ends after the
# signal, so every check of when workers finish passed it: 10/10. The statement: "`worker` waits for
# the signal, then does its work"; the work's timer fires while nobody has set the event.
import asyncio


async def initializer(ready: asyncio.Event) -> None:
    await asyncio.sleep(0.02)
    ready.set()


async def worker(ready: asyncio.Event) -> None:
    work = asyncio.create_task(asyncio.sleep(0.01))  # the work starts at once, before the signal
    await ready.wait()
    await work
