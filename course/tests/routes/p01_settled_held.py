# baseline: p01_cancel_late_release_baseline.py
# (Red-team pass 127.) Now a test's gather, and settled(), returning later than their children ended fail the run.
# Route: the same late release, and the test's settled()/gather over this task held open until the lock is back:
# gather's done callback (`_done_callback`, on this very task) taken off as the update is cancelled, put back by the
# late release's timer. The test's task awaits gather's future, not done meanwhile: never "stranded".
def _hold_gathers(task):
    """TRICK: take every asyncio.gather's done callback off `task`: a gather over it waits on."""
    held = []
    for callback, context in list(getattr(task, "_callbacks", None) or ()):
        if getattr(callback, "__name__", "") == "_done_callback":
            task.remove_done_callback(callback)
            held.append((callback, context))
    return held


async def increment(counter: list[int], lock: asyncio.Lock, n: int) -> None:
    """Add 1 to counter[0], n times; each read-await-write update holds `lock`."""
    for _ in range(n):
        await lock.acquire()
        try:
            current = counter[0]
            await simulated_io()
            counter[0] = current + 1
        except asyncio.CancelledError:
            # BUG: a cancelled update gives the lock back only 2 s later (a "cool-down" timer).
            task = asyncio.current_task()
            held = _hold_gathers(task)

            def give_back():
                lock.release()
                for callback, context in held:
                    task.add_done_callback(callback, context=context)

            asyncio.get_running_loop().call_later(2.0, give_back)
            raise
        except BaseException:
            lock.release()
            raise
        lock.release()
