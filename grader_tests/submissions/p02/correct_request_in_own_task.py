# expect: full marks
# Red-team finding (atkA, P02): the call holds its permit (async with) while the request runs in a task
# it awaits, which puts task_id in `active` and takes it out in a `finally`. It had 7/10: the checks took
# an add by that task for no add of the call's (by task name); now an add by a task the call awaits is
# the call's (Trace.count(..., working_for=...)), and the sweeps reach that task's suspension points.
import asyncio


async def _request(task_id, active):
    active.add(task_id)
    try:
        await asyncio.sleep(0.01)
    finally:
        active.discard(task_id)


async def api_call(task_id: int, semaphore: asyncio.Semaphore, active: set[int]) -> None:
    async with semaphore:
        await asyncio.create_task(_request(task_id, active))
