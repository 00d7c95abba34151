# baseline: p01_reach_hint_cleared_baseline.py
# Red-team pass 83: the sweep's cuts before its uncut run (the run that comes first, where a call can tell
# it is the first of its kind) are drawn among the points the trial's last sweep reached, which the
# checks kept in a module dict a solution can import (`_cancellation._reached`). Emptied at each call,
# every sweep was a first one, whose early cut is at the first suspension: here a harmless one (a
# padded `sleep(0)`). The cleanup runs only when the task's name was seen before in the loop.
import asyncio
from course.testing import _cancellation as _c

_names = {}   # id(loop) -> (loop, set of task names seen)


def _seen_before():
    loop = asyncio.get_running_loop()
    _, names = _names.setdefault(id(loop), (loop, set()))
    name = asyncio.current_task().get_name()
    seen = name in names
    names.add(name)
    return seen


async def increment(counter, lock, n):
    getattr(_c, "_reached", {}).clear()
    careful = _seen_before()
    await asyncio.sleep(0)
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
