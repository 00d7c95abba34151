# expect: full marks
# Explicit acquire() before the `try`, release() in the `finally`; `active` is updated
# with set operators and remove().
import asyncio


async def api_call(task_id, semaphore, active):
    await semaphore.acquire()
    try:
        active |= {task_id}
        try:
            await asyncio.sleep(0.01)
        finally:
            active.remove(task_id)
    finally:
        semaphore.release()
