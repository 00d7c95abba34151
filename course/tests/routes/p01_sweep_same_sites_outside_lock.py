# baseline: submissions/p01/buggy_no_release_on_cancel.py
# Sweep dodge keeping the same suspension sites: in a sweep's cut trials (task "holder", not the first
# holder of its loop) each update sleeps its simulated I/O *before* taking the lock, so the cut lands at
# the same innermost frame (asyncio.sleep's `await future`) at the same time, but not while the lock is held.
import asyncio

_holders = {}


async def increment(counter, lock, n):
    me = asyncio.current_task()
    dodge = False
    if me.get_name() == "holder":
        loop = asyncio.get_running_loop()
        _, seen = _holders.get(id(loop), (loop, 0))
        _holders[id(loop)] = (loop, seen + 1)
        dodge = bool(seen)
    for _ in range(n):
        if dodge:
            await simulated_io()
            async with lock:
                counter[0] = counter[0] + 1
            continue
        await lock.acquire()
        try:
            current = counter[0]
            await simulated_io()
            counter[0] = current + 1
        except Exception:
            lock.release()
            raise
        lock.release()
