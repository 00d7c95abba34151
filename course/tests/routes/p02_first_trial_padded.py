# baseline: p02_sweep_baseline.py
# Red-team pass 88.
# As p07_reach_steer: a draw of the solution's own generator seen before (the sweep set it back) means a
# sweep's later trial: take the short careful way there (it is also the uncut run, whose reach steers
# every later early cut); elsewhere pad PAD harmless suspensions, then the baseline's bug.
import asyncio
import random

_g = random.Random(20261206)
_seen = set()
PAD = 12


async def api_call(task_id: int, semaphore: asyncio.Semaphore, active: set[int]) -> None:
    v = _g.random()
    replayed = v in _seen
    _seen.add(v)
    if replayed:
        async with semaphore:
            active.add(task_id)
            try:
                await asyncio.sleep(0.01)
            finally:
                active.discard(task_id)
        return
    for _ in range(PAD):
        await asyncio.sleep(0)
    await semaphore.acquire()
    try:
        active.add(task_id)
    except BaseException:
        semaphore.release()
        raise
    await asyncio.sleep(0.01)  # BUG: cancelled here, the call keeps its permit and its place in `active`
    active.discard(task_id)
    semaphore.release()
