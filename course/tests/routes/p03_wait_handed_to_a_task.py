# baseline: p03_wait_handed_to_a_task_baseline.py
# Route (rt69): the baseline's impatient worker (a day, then another day, then it gives up), except that after the
# first day it hands the second to a child task and returns: the test's `until` (a worker done) ends its 10**9 s wait
# within the child's day, and the set() then finds the child asleep in ready.wait() (counted as that worker's wait).
import asyncio

PATIENCE = 86400.0  # a worker gives up on the signal after a day
_children = set()

async def initializer(ready: asyncio.Event) -> None:
    await asyncio.sleep(0.02)
    ready.set()

async def _rest(ready: asyncio.Event) -> None:
    await asyncio.wait_for(ready.wait(), PATIENCE)  # gives up (TimeoutError) after another day
    await asyncio.sleep(0.01)

async def worker(ready: asyncio.Event) -> None:
    try:
        await asyncio.wait_for(ready.wait(), PATIENCE)
    except TimeoutError:
        child = asyncio.ensure_future(_rest(ready))
        _children.add(child)
        child.add_done_callback(_children.discard)
        return
    await asyncio.sleep(0.01)
