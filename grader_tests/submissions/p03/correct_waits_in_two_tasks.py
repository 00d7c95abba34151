# expect: full marks
# Red-team pass (fairness, builder O): a worker that waits for the signal in two tasks at once (a
# first-of-two wait, as code that also waits for a shutdown signal would write it), then works. Correct
# (it sleeps until the event is set and goes on at that moment), but p03_test_one_set_wakes_all asked
# for exactly n tasks asleep in `ready.wait()` for n workers, and exactly n woken: 7/10.
import asyncio


async def initializer(ready: asyncio.Event) -> None:
    await asyncio.sleep(0.02)
    ready.set()


async def worker(ready: asyncio.Event) -> None:
    first, second = asyncio.ensure_future(ready.wait()), asyncio.ensure_future(ready.wait())
    await asyncio.wait({first, second}, return_when=asyncio.FIRST_COMPLETED)
    await asyncio.gather(first, second)
    await asyncio.sleep(0.01)  # the work
