# expect: p02_test_visible p02_test_active_empty
# The request-in-its-own-task style, leaving `active` only after the request's `await` (no `finally`):
# a call cancelled during its request (which cancels the task it awaits) leaves task_id in `active`.
import asyncio


async def _request(task_id, active):
    active.add(task_id)
    await asyncio.sleep(0.01)
    active.discard(task_id)


async def api_call(task_id: int, semaphore: asyncio.Semaphore, active: set[int]) -> None:
    async with semaphore:
        await asyncio.create_task(_request(task_id, active))
