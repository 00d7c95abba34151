# baseline: p02_serial_baseline.py
# Route: p02_test_reaches_limit counts as a request every 10 ms sleep that ran its course and had an awaiter,
# whoever that awaiter is. As p02_decoy_sleeps (requests serialized by a lock, plus a decoy 10 ms sleep per call
# in a task of its own, all at once), but each decoy task is awaited by a watcher task of the solution's own,
# so the decoy's sleep is filed with an awaiter.
import asyncio
import weakref

_guards = weakref.WeakKeyDictionary()
_keep = set()


async def _watch(task):
    await task


def _spawn(coro):
    task = asyncio.get_running_loop().create_task(coro)
    _keep.add(task)
    task.add_done_callback(_keep.discard)
    return task


async def api_call(task_id, semaphore, active):
    guard = _guards.setdefault(semaphore, asyncio.Lock())
    _spawn(_watch(_spawn(asyncio.sleep(0.01))))  # TRICK
    async with semaphore:
        active.add(task_id)
        try:
            async with guard:
                await asyncio.sleep(0.01)
        finally:
            active.discard(task_id)
