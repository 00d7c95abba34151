# expect: p02_test_visible p02_test_release_on_cancel
# Shields the acquire "so that a timeout cannot corrupt the semaphore". A call cancelled
# while it waits gives up, but its shielded acquire goes on waiting, takes a permit later,
# and nobody gives that permit back.
import asyncio


async def api_call(task_id, semaphore, active):
    await asyncio.shield(semaphore.acquire())
    try:
        active.add(task_id)
        await asyncio.sleep(0.01)
    finally:
        active.discard(task_id)
        semaphore.release()
