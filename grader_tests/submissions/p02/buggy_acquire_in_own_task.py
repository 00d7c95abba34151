# expect: p02_test_release_on_cancel
# Waits for its permit in a task of its own (so the wait shows in asyncio.all_tasks() as
# "permit-for-N"). Cancelling the call while that task still waits cancels it too, but a
# call cancelled in the instant after the permit was handed over, before it ran again,
# leaves the permit with a finished task: nobody ever releases it.
import asyncio


async def api_call(task_id, semaphore, active):
    await asyncio.get_running_loop().create_task(semaphore.acquire(), name=f"permit-for-{task_id}")
    try:
        active.add(task_id)
        try:
            await asyncio.sleep(0.01)
        finally:
            active.discard(task_id)
    finally:
        semaphore.release()
