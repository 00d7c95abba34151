# expect: full marks
# Another member of the TaskGroup kind: the call holds its permit while a TaskGroup child makes the
# request (puts task_id in `active`, takes it out in a `finally`); a rejected add raises inside the
# child, so the caller gets the ConnectionError inside an ExceptionGroup: that is the error going on.
import asyncio


async def _request(task_id, active):
    active.add(task_id)
    try:
        await asyncio.sleep(0.01)
    finally:
        active.discard(task_id)


async def api_call(task_id: int, semaphore: asyncio.Semaphore, active: set[int]) -> None:
    async with semaphore:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(_request(task_id, active))
