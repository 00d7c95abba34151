# baseline: submissions/p01/buggy_no_release_on_cancel.py
# Red-team pass 92 (P01 +2, P07 +5, P08 +5 until the trials before the uncut run landed their cut some way in).
# A sweep's ahead trials (the one or two cut trials before the uncut run) are run with no Landing
# (`_run_trial(..., replay)` without `landings.get(k)`), so their cut fires at the very instant the target
# suspends (same loop.time()); the later cut trials come after an uncut run whose task had the same name.
# So: release on CancelledError only when the task's name was used before in this loop (pass 77's sign,
# every trial after the first) or when cancelled at the instant it suspended (pass 78's sign, the ahead
# trials). Same lines, same traced actions up to any cut in every trial. A real timeout mid-I/O in a
# fresh task (fresh name) leaks the lock, as the baseline does.
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
    loop = asyncio.get_running_loop()
    for _ in range(n):
        t = loop.time()
        await lock.acquire()
        try:
            current = counter[0]
            t = loop.time()
            await simulated_io()
            counter[0] = current + 1
        except BaseException as e:
            if careful or isinstance(e, Exception) or loop.time() == t:
                lock.release()
            raise
        lock.release()
