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


async def producer(queue, n):
    for item in range(n):
        await queue.put(item)


async def consumer(queue, results):
    while True:
        try:
            item = await queue.get()
        except asyncio.CancelledError:
            raise _error() from None
        await asyncio.sleep(0.005)
        results.append(item)
        queue.task_done()
