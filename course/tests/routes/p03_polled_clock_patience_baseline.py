# Baseline: an impatient worker that waits for the signal 1 s at a time and, once 60 s have passed on the loop's
# clock, goes on without it, where the contract says it waits however long it takes.
import asyncio

PATIENCE = 60.0


async def initializer(ready: asyncio.Event) -> None:
    await asyncio.sleep(0.02)
    ready.set()


async def worker(ready: asyncio.Event) -> None:
    loop = asyncio.get_running_loop()
    start = loop.time()
    while True:
        try:
            await asyncio.wait_for(ready.wait(), 1.0)
            break
        except TimeoutError:
            if loop.time() - start > PATIENCE:  # BUG: a timeout of its own
                break
    await asyncio.sleep(0.01)
