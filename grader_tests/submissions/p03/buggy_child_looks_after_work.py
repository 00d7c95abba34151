# expect: p03_test_waits_for_signal
# Red-team pass: the work begun before the signal in a child task that looks at the event (is_set())
# as it starts and again as its work ends, so the work's step passes as a watchdog's look (it had
# 10/10). The worker then waits and awaits the work: it is done as soon as the signal comes, sooner
# than a worker started after the signal.
import asyncio


async def initializer(ready: asyncio.Event) -> None:
    await asyncio.sleep(0.02)
    ready.set()


async def _work(ready: asyncio.Event) -> None:
    ready.is_set()
    await asyncio.sleep(0.01)   # the work, done before anybody set the event
    ready.is_set()


async def worker(ready: asyncio.Event) -> None:
    work = asyncio.create_task(_work(ready))  # the work starts at once, before the signal
    await ready.wait()
    await work
