# expect: p02_test_visible p02_test_reaches_limit p02_test_total_time
# "`active` is shared, so it needs a lock": held across the request, that lock lets one
# call in at a time. Never above the limit, but the limit is never reached either.
import asyncio
import weakref

_guards = weakref.WeakKeyDictionary()  # one lock per semaphore, so one per event loop


async def api_call(task_id, semaphore, active):
    guard = _guards.setdefault(semaphore, asyncio.Lock())
    async with semaphore:
        async with guard:
            active.add(task_id)
            try:
                await asyncio.sleep(0.01)
            finally:
                active.discard(task_id)
