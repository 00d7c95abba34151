# baseline: p03_early_work_baseline.py
# Route: p03_test_waits_for_signal takes a look at the event for a worker's when the looking task's name is a
# worker's, and forgives steps by task name. As its baseline (work begun before the signal, in a warm-up task the
# worker starts), but the warm-up is made with the worker's own name and glances at the event (`ready.is_set()`,
# result ignored) in each of its steps: its looks are "the worker's", and every step of early work pays for itself.
import asyncio

from course.testing import Simulation as _Simulation


async def initializer(ready: asyncio.Event) -> None:
    await asyncio.sleep(0.02)
    ready.set()


async def _warm_up(ready) -> None:
    # BUG: work begun before the signal, in a task the worker starts.
    for _ in range(3):
        ready.is_set()  # TRICK: a look, in this step
        await asyncio.sleep(0.002)
    ready.is_set()


async def worker(ready: asyncio.Event) -> None:
    me = asyncio.current_task().get_name()
    loop = asyncio.get_running_loop()
    coro = _warm_up(ready)
    loop.call_soon(_Simulation(loop).spawn, coro, me)  # TRICK: spawned by the loop's own frame, named as the worker
    warm = None
    while warm is None:
        await asyncio.sleep(0)
        warm = next((t for t in asyncio.all_tasks() if t.get_coro() is coro), None)
    try:
        await ready.wait()
    except BaseException:
        warm.cancel()
        raise
    await warm
    await asyncio.sleep(0.01)
