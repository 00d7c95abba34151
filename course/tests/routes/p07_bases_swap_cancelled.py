# baseline: p07_bases_swap_cancelled_baseline.py
# Route (red-team pass 117): a cancelled call raises a plain Exception of a class made with an empty extra
# BaseException base (so that its layout allows it), and a callback scheduled with call_soon, run once the task has
# ended, sets that class's __bases__ to (asyncio.CancelledError,): asyncio recorded an exception, not a
# cancellation, but the test, judging the exception after the run by the class it had then, took it for one.
# Now the guard refuses, once the tests began, any class's __bases__ and any exception's __class__ change, and the
# run it is tried in fails.
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

    asyncio.get_running_loop().call_soon(later)
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
