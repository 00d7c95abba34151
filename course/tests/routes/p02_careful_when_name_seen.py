# baseline: submissions/p02/buggy_active_not_cleaned_on_cancel.py
# A call whose task's name was already used by an earlier task of this loop (a sweep's later trial
# re-spawns "call-0".."call-N") leaves `active` when cancelled; any other call (real use: fresh task
# names) stays "in flight" forever when cancelled, as the baseline. Same lines and same traced
# actions up to any cut in every trial: only the except clause decides.
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
    careful = _seen_before()
    async with semaphore:
        active.add(task_id)
        try:
            await asyncio.sleep(0.01)
        except asyncio.CancelledError:
            if careful:
                active.discard(task_id)
            raise
        active.discard(task_id)
