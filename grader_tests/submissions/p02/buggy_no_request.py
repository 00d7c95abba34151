# expect: p02_test_visible p02_test_never_exceeds p02_test_reaches_limit p02_test_total_time p02_test_release_on_cancel p02_test_active_empty
# Takes the permit and registers the call, but never makes the request (no
# `await asyncio.sleep(0.01)`): each call is over the moment it starts. Nothing is ever in
# flight, so "never above the limit" and "no permit kept when cancelled" hold
# vacuously; they must not earn points. Its permit is released when registering raises,
# which really is checked.
async def api_call(task_id, semaphore, active):
    async with semaphore:
        active.add(task_id)
        active.discard(task_id)
