# expect: p02_test_visible p02_test_release_on_error p02_test_release_on_cancel p02_test_active_empty
# acquire()/release() with no try/finally: a call that raises or is cancelled keeps its
# permit (and its place in `active`) forever.
import asyncio


async def api_call(task_id, semaphore, active):
    await semaphore.acquire()
    active.add(task_id)
    await asyncio.sleep(0.01)
    active.discard(task_id)
    semaphore.release()
