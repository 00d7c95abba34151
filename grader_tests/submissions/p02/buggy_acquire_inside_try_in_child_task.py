# expect: p02_test_visible p02_test_release_on_cancel
# The request-in-its-own-task style with acquire() inside the `try`, in the task the call awaits: a
# call cancelled while that task still waits for a permit gives back one it never got. It had the
# same 7/10 as the correct version of the style; the sweeps now cancel the call while its task waits.
import asyncio


async def _request(task_id, semaphore, active):
    try:
        await semaphore.acquire()
        active.add(task_id)
        try:
            await asyncio.sleep(0.01)
        finally:
            active.discard(task_id)
    finally:
        semaphore.release()


async def api_call(task_id: int, semaphore: asyncio.Semaphore, active: set[int]) -> None:
    await asyncio.create_task(_request(task_id, semaphore, active))
