# baseline: submissions/p02/buggy_serialized_by_lock.py
# Route (the solution's own record judged): p02_test_reaches_limit ("bounded, not serialized") judges how many
# calls were in flight at once by the peak of `active`, the set the solution writes. This call is the baseline's
# (a lock held across the request lets one request run at a time), but it puts its task_id in `active` as soon as
# it holds a permit, before it queues for the lock: `active` peaks at the limit while the 10 ms requests (the
# sleeps) still run one by one. Each stay in `active` still lasts at least 10 ms, and never more than the limit.
import asyncio
import weakref

_guards = weakref.WeakKeyDictionary()  # one lock per semaphore, so one per event loop


async def api_call(task_id, semaphore, active):
    guard = _guards.setdefault(semaphore, asyncio.Lock())
    async with semaphore:
        active.add(task_id)  # TRICK: "in flight" from the permit on, while it still queues for the lock
        try:
            async with guard:
                await asyncio.sleep(0.01)
        finally:
            active.discard(task_id)
