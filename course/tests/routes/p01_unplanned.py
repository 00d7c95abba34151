# baseline: submissions/p01/buggy_no_release_on_cancel.py
# (It earned nothing even before the fix: the sweep notices a cancellation that never came. Kept
# as a member of the kind: a private helper of the harness handing its ledger to a solution.)
import asyncio as _asyncio


def _no_cancel_plan():
    """The running check's cancel plan, handed over by a private method of its loop:
    `loop._plans()` returns (plan, suspension counts, tasks counted with what they await),
    the ledger's own, to whoever calls it (found through its caller's stack). Emptied, and
    kept empty: no sweep ever cancels a task."""
    try:
        plans = _asyncio.get_running_loop()._plans()
    except (AttributeError, RuntimeError):
        return
    plan = plans[0]
    for task in list(plan):
        plan[task] = float("inf")


async def increment(counter, lock, n):
    for _ in range(n):
        _no_cancel_plan()
        await lock.acquire()
        try:
            current = counter[0]
            _no_cancel_plan()
            await simulated_io()
            counter[0] = current + 1
        except Exception:
            lock.release()
            raise
        lock.release()
