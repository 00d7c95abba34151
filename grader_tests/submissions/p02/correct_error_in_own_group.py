# expect: full marks
# Another shape of the same correct style: the call reports a failed request as an ExceptionGroup of
# its own, holding the service's ConnectionError (as a TaskGroup would). The error still reaches the
# caller (`except* ConnectionError` catches it); p02_test_release_on_error accepts a group holding it.
import asyncio


async def api_call(task_id: int, semaphore: asyncio.Semaphore, active: set[int]) -> None:
    async with semaphore:
        try:
            active.add(task_id)
        except ConnectionError as error:
            raise ExceptionGroup(f"call {task_id} failed", [error])
        try:
            await asyncio.sleep(0.01)
        finally:
            active.discard(task_id)
