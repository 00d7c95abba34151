# A P02 solution that looks for the run's ledger in what the loop's exception handler is handed: a
# task awaiting a future whose cancel() raises makes the sweep's cut, due on a timer, raise there.
# Once the handler has seen that timer, the future's cancel() raises what it found (the test reads it; a
# call that raised it at once, as this probe did until 2026-12-07, went another way than the sweep's uncut
# run, which now ends the sweep there).
import asyncio

_seen = {"cut timer": False, "ledger": False}


class _Stubborn(asyncio.Future):
    def cancel(self, msg=None):
        if _seen["cut timer"]:
            raise RuntimeError(f"PROBE: the cut's timer was seen; the ledger in its arguments: {_seen['ledger']}")
        raise RuntimeError("this future cannot be cancelled")


def _handler(loop, context):
    handle = context.get("handle")
    if getattr(getattr(handle, "_callback", None), "__name__", "") == "_cut_due":
        _seen["cut timer"] = True
        for arg in getattr(handle, "_args", ()) or ():
            if hasattr(arg, "due_cuts") or hasattr(arg, "reached") or hasattr(arg, "plan"):
                _seen["ledger"] = True


async def api_call(task_id, semaphore, active):
    loop = asyncio.get_running_loop()
    loop.set_exception_handler(_handler)
    async with semaphore:
        active.add(task_id)
        try:
            waiter = _Stubborn()
            loop.call_later(0.01, lambda: waiter.done() or waiter.set_result(None))
            await waiter
        finally:
            active.discard(task_id)
