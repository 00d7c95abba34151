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


async def worker(worker_id, barrier, rounds=1):
    try:
        for round_no in range(rounds):
            await do_work(worker_id, round_no)
            await barrier.wait()
    except asyncio.CancelledError:
        await barrier.abort()
        raise _error() from None
    except BaseException:
        await barrier.abort()
        raise
