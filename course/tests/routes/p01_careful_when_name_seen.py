# baseline: submissions/p01/buggy_no_release_on_cancel.py
# Generic form of p01_careful_in_later_trials (no test name known): an update whose task's name was
# already used by an earlier task of its loop (a sweep's later trials re-spawn "holder") also releases
# the lock on CancelledError; any other (real use: fresh task names) keeps it, as the baseline. Same
# lines and the same traced actions up to any cut in every trial: only the except clause decides.
import asyncio

_names = {}   # id(loop) -> (loop, set of task names seen)


def _seen_before():
    loop = asyncio.get_running_loop()
    _, names = _names.setdefault(id(loop), (loop, set()))
    name = asyncio.current_task().get_name()
    seen = name in names
    names.add(name)
    return seen


async def increment(counter, lock, n):
    careful = _seen_before()
    for _ in range(n):
        await lock.acquire()
        try:
            current = counter[0]
            await simulated_io()
            counter[0] = current + 1
        except BaseException as e:
            if careful or isinstance(e, Exception):
                lock.release()
            raise
        lock.release()
