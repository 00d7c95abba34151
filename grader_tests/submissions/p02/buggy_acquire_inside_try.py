# expect: p02_test_visible p02_test_release_on_cancel
# acquire() inside the `try`: a call cancelled while still waiting for a permit releases
# one it never got, so the semaphore ends up with one permit too many.
import asyncio


async def api_call(task_id, semaphore, active):
    try:
        await semaphore.acquire()
        active.add(task_id)
        await asyncio.sleep(0.01)
    finally:
        active.discard(task_id)
        semaphore.release()
