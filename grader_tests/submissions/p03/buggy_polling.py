# expect: p03_test_one_set_wakes_all
# Polls is_set() every 5 ms instead of waiting on the event: nobody is asleep in
# wait() when set() comes, and the workers go on up to 5 ms late.
import asyncio


async def initializer(ready):
    await asyncio.sleep(0.02)
    ready.set()


async def worker(ready):
    while not ready.is_set():
        await asyncio.sleep(0.005)
    await asyncio.sleep(0.01)
