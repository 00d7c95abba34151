# expect: p02_test_visible p02_test_release_on_cancel
# buggy_swallows_cancellation.py, except that instead of returning it raises an ordinary
# Exception whose `__class__` property answers asyncio.CancelledError: `isinstance` believes it,
# though the task was not cancelled (`task.cancelled()` is False, `except CancelledError` misses
# it). Checks read outcomes with `course.testing.instance_of` (the real type only).
import asyncio


class _Abandoned(Exception):
    @property
    def __class__(self):
        return asyncio.CancelledError


async def api_call(task_id: int, semaphore: asyncio.Semaphore, active: set[int]) -> None:
    try:
        async with semaphore:
            active.add(task_id)
            try:
                await asyncio.sleep(0.01)
            finally:
                active.discard(task_id)
    except asyncio.CancelledError:
        raise _Abandoned("call abandoned") from None
