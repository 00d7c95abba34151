# expect: p02_test_visible p02_test_never_exceeds p02_test_reaches_limit p02_test_total_time p02_test_release_on_error p02_test_release_on_cancel p02_test_active_empty
# The starter left empty: no permit, no call, nothing in `active`. "Never above the
# limit" and "no permit leaked" hold for calls that do nothing; they earn nothing here.
async def api_call(task_id, semaphore, active):
    pass
