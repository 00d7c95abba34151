# Baseline of p02_reach_hint_cleared: the same padded code, never careful after a cancellation.
import asyncio

_names = {}   # id(loop) -> (loop, set of task names seen)


def _seen_before():
    loop = asyncio.get_running_loop()
    _, names = _names.setdefault(id(loop), (loop, set()))
    name = asyncio.current_task().get_name()
    seen = name in names
    names.add(name)
    return seen


async def api_call(task_id, semaphore, active):
    careful = False
    await asyncio.sleep(0)
    async with semaphore:
        active.add(task_id)
        try:
            await asyncio.sleep(0.01)
        except asyncio.CancelledError:
            if careful:
                active.discard(task_id)
            raise
        active.discard(task_id)
