# baseline: p02_timer_release_baseline.py
# (Red-team pass 127.) Now a test's gather, and settled(), returning later than their children ended fail the run.
# Route: the same late permit, and the test's gather held open until it is back: gather's done callback
# (`_done_callback`, on this very task) is taken off the task as it fails, and put back by the late release's timer.
import asyncio


def _hold_gathers(task):
    """TRICK: take every asyncio.gather's done callback off `task` (a gather over this task then waits on, its
    outer future not done: the test's task awaits a future that is not done, so it is not 'stranded')."""
    held = []
    for callback, context in list(getattr(task, "_callbacks", None) or ()):
        if getattr(callback, "__name__", "") == "_done_callback":
            task.remove_done_callback(callback)
            held.append((callback, context))
    return held


async def api_call(task_id: int, semaphore: asyncio.Semaphore, active: set[int]) -> None:
    """Make one API call while holding a permit of `semaphore`; task_id is in `active` meanwhile."""
    await semaphore.acquire()
    try:
        active.add(task_id)
        try:
            await asyncio.sleep(0.01)
        finally:
            active.discard(task_id)
    except BaseException:
        # BUG: a call that failed gives its permit back only 2 s later (a timer's "back-off").
        task = asyncio.current_task()
        held = _hold_gathers(task)

        def give_back():
            semaphore.release()
            for callback, context in held:
                task.add_done_callback(callback, context=context)

        asyncio.get_running_loop().call_later(2.0, give_back)
        raise
    semaphore.release()
