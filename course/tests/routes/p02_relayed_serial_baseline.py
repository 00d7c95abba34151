# Honest buggy baseline of p02_namesake_decoy.py. BUG: a lock held across the request serializes the calls
# (each is in `active` while it waits for the lock, so `active` looks full). The request runs in a helper task
# whose end the call learns from a future of its own.
import asyncio
import weakref

_guards = weakref.WeakKeyDictionary()


async def _request():
    await asyncio.sleep(0.01)


async def _relayed(coro):
    loop = asyncio.get_running_loop()
    done = loop.create_future()
    helper = loop.create_task(coro)

    def finish(task):
        if not done.done():
            if task.cancelled():
                done.cancel()
            elif task.exception() is not None:
                done.set_exception(task.exception())
            else:
                done.set_result(task.result())

    helper.add_done_callback(finish)
    try:
        return await done
    finally:
        helper.cancel()


async def api_call(task_id, semaphore, active):
    guard = _guards.setdefault(semaphore, asyncio.Lock())
    async with semaphore:
        active.add(task_id)
        try:
            async with guard:
                await _relayed(_request())
        finally:
            active.discard(task_id)
