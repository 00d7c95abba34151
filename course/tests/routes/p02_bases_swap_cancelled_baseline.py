# Baseline of the route of the same name: the same code, its class's bases left as they were made (the callback
# that changes them is not scheduled).
import asyncio


class _Layout(BaseException):
    pass


class _Meta(type):
    pass


def _error():
    # an ordinary error now (raised, the task ends with an exception, not cancelled) ...
    kind = _Meta("Stopped", (_Layout, Exception), {})

    def later():
        # ... a CancelledError once the step that raised it is over
        kind.__bases__ = (asyncio.CancelledError,)

    pass
    return kind("stopped")


async def api_call(task_id: int, semaphore: asyncio.Semaphore, active: set[int]) -> None:
    try:
        async with semaphore:
            active.add(task_id)
            try:
                await asyncio.sleep(0.01)
            finally:
                active.discard(task_id)
    except asyncio.CancelledError:
        raise _error() from None
