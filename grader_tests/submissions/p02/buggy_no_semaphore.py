# expect: p02_test_visible p02_test_never_exceeds p02_test_total_time p02_test_release_on_error p02_test_release_on_cancel
# Ignores the semaphore: every call is in flight at once, and no permit is ever taken.
import asyncio


async def api_call(task_id, semaphore, active):
    active.add(task_id)
    try:
        await asyncio.sleep(0.01)
    finally:
        active.discard(task_id)
