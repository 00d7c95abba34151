# buggy_active_not_cleaned_on_cancel, its request made through a lambda timer: a cancelled call stays in `active`.
import asyncio


def _pause(delay):
    loop = asyncio.get_running_loop()
    fut = loop.create_future()
    loop.call_later(delay, lambda: fut.done() or fut.set_result(None))
    return fut


async def api_call(task_id, semaphore, active):
    async with semaphore:
        active.add(task_id)
        await _pause(0.01)
        active.discard(task_id)
