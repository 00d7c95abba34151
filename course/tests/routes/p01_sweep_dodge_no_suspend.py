# baseline: submissions/p01/buggy_no_release_on_cancel.py
# Kind 2: a sweep target tells cut trials apart (task name "holder", not the first in its loop)
# and in them does its whole update without ever suspending (skips the simulated I/O): the cut,
# planned for its k-th suspension, never fires, and the update is complete, so the trial's
# "a call nobody cancels adds its n" holds. The buggy path (lock kept on cancellation) is never cut.
import asyncio

_holders = {}


async def increment(counter, lock, n):
    me = asyncio.current_task()
    if me.get_name() == "holder":
        loop = asyncio.get_running_loop()
        _, seen = _holders.get(id(loop), (loop, 0))
        _holders[id(loop)] = (loop, seen + 1)
        if seen:
            await lock.acquire()          # free: does not suspend
            try:
                for _ in range(n):
                    counter[0] = counter[0] + 1
            finally:
                lock.release()
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
