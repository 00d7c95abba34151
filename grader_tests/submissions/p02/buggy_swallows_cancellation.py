# expect: p02_test_release_on_cancel
# A cancelled call is treated as "done": the CancelledError is caught and the call returns
# normally. The permit and the `active` entry do come back, but the caller (a timeout, a
# client that went away) never learns that the call was abandoned, and a task that was
# asked to stop reports success.
import asyncio


async def api_call(task_id: int, semaphore: asyncio.Semaphore, active: set[int]) -> None:
    try:
        async with semaphore:
            active.add(task_id)
            try:
                await asyncio.sleep(0.01)
            finally:
                active.discard(task_id)
    except asyncio.CancelledError:
        return  # BUG: the cancellation stops here
