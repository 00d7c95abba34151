# expect: full marks
# Red-team finding (atkA, P02): the request runs in a TaskGroup, so the service's ConnectionError
# reaches the caller inside an ExceptionGroup. The statement asks that the error go on to the caller,
# not that it arrive unwrapped: p02_test_release_on_error accepts the error or a group holding it, as
# P01 does (p01/correct_taskgroup_exception_group.py). It had 8/10.
import asyncio


async def api_call(task_id: int, semaphore: asyncio.Semaphore, active: set[int]) -> None:
    async with semaphore:
        async with asyncio.TaskGroup() as tg:
            active.add(task_id)
            try:
                await tg.create_task(asyncio.sleep(0.01))
            finally:
                active.discard(task_id)
