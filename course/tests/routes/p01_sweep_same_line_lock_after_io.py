# baseline: submissions/p01/buggy_no_release_on_cancel.py
# Sweep dodge keeping every frame of each suspension the same (same line of increment, same
# simulated_io, same asyncio.sleep): in a sweep's cut trials (task "holder", not the first holder of
# its loop) each update takes the lock only *after* its simulated I/O (uncontended there: no suspension),
# so every cut lands at the very same await, on the same schedule, but while the lock is not held.
import asyncio

_holders = {}


async def increment(counter, lock, n):
    me = asyncio.current_task()
    late = False
    if me.get_name() == "holder":
        loop = asyncio.get_running_loop()
        _, seen = _holders.get(id(loop), (loop, 0))
        _holders[id(loop)] = (loop, seen + 1)
        late = bool(seen)
    for _ in range(n):
        if not late:
            await lock.acquire()
        try:
            current = counter[0]
            await simulated_io()
            if late:
                await lock.acquire()
            counter[0] = current + 1
        except Exception:
            lock.release()
            raise
        lock.release()
