# baseline: submissions/p01/buggy_no_release_on_cancel.py
# Kind 2: a sweep target tells cut trials apart (task name "holder", not the first in its loop)
# and returns at once doing nothing (not cancelled): no cut ever fires, the buggy path is never cut.
import asyncio

_holders = {}


async def increment(counter, lock, n):
    me = asyncio.current_task()
    if me.get_name() == "holder":
        loop = asyncio.get_running_loop()
        _, seen = _holders.get(id(loop), (loop, 0))
        _holders[id(loop)] = (loop, seen + 1)
        if seen:
            return
    for _ in range(n):
        await lock.acquire()
        try:
            current = counter[0]
            await simulated_io()
            counter[0] = current + 1
        except Exception:
            lock.release()
            raise
        lock.release()
