# expect: p02_test_release_on_cancel
# Red-team pass 41 (attacker Y): a cancelled call returns its CancelledError object instead of raising it.
import asyncio


async def api_call(task_id: int, semaphore: asyncio.Semaphore, active: set[int]) -> None:
    try:
        async with semaphore:
            active.add(task_id)
            try:
                await asyncio.sleep(0.01)
            finally:
                active.discard(task_id)
    except asyncio.CancelledError as error:
        return error        # BUG: swallows the cancellation: the call ends as if it had been made
