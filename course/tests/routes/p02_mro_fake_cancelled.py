# baseline: submissions/p02/buggy_returns_cancelled_error.py
# Route (red-team pass 116): the cancelled call returns an object whose metaclass forges its MRO as (cls, CancelledError, object):
# `settled` does not wrap it (no BaseException to instance_of), and instance_of(..., CancelledError) says yes.
# Now `instance_of` (and `derives_from`) read a class's ancestry from the bases it was built from, not its MRO.
import asyncio


class _Meta(type):
    def mro(cls):
        return (cls, asyncio.CancelledError, object)


class _Cancelled(Exception, metaclass=_Meta):
    pass


async def api_call(task_id: int, semaphore: asyncio.Semaphore, active: set[int]) -> None:
    try:
        async with semaphore:
            active.add(task_id)
            try:
                await asyncio.sleep(0.01)
            finally:
                active.discard(task_id)
    except asyncio.CancelledError:
        return _Cancelled()
