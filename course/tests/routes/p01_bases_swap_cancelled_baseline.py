# Baseline of the route of the same name: the same code, its class's bases left as they were made (the callback
# that changes them is not scheduled).
import asyncio


class _Layout(BaseException):
    pass


class _Meta(type):
    pass


def _error():
    # an ordinary error now (raised, the task ends with an exception, not cancelled) ...
    kind = _Meta("IncrementCancelled", (_Layout, Exception), {})

    def later():
        # ... a CancelledError once the step that raised it is over
        kind.__bases__ = (asyncio.CancelledError,)

    pass
    return kind("increment was cancelled")


async def increment(counter, lock, n):
    for _ in range(n):
        try:
            async with lock:
                current = counter[0]
                await simulated_io()
                counter[0] = current + 1
        except asyncio.CancelledError:
            raise _error() from None
