# expect: p02_test_release_on_error
# The TaskGroup style gone wrong: the group's error is caught and dropped (`except* ConnectionError`),
# so a rejected call looks as if it had been made. A group holding the error is accepted; no error is not.
import asyncio


async def api_call(task_id: int, semaphore: asyncio.Semaphore, active: set[int]) -> None:
    async with semaphore:
        try:
            async with asyncio.TaskGroup() as tg:
                active.add(task_id)
                try:
                    await tg.create_task(asyncio.sleep(0.01))
                finally:
                    active.discard(task_id)
        except* ConnectionError:
            pass
