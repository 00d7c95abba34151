# baseline: submissions/p01/buggy_no_release_on_cancel.py
# Kind 2: a sweep target tells cut trials apart (task name "holder", not the first of its loop) and in
# them first spins on `await asyncio.sleep(0)` (up to 60 times, holding nothing): whatever k the cut
# plans, it fires there, so the target ends cancelled by its own cut (legit for _never_cancelled_itself)
# at a harmless point. Past 60 (the sweep's "then on" phase) it does its update without suspending, so
# the sweep ends. The cuts that would land while it holds the lock are never made.
import asyncio

_holders = {}


async def increment(counter, lock, n):
    me = asyncio.current_task()
    if me.get_name() == "holder":
        loop = asyncio.get_running_loop()
        _, seen = _holders.get(id(loop), (loop, 0))
        _holders[id(loop)] = (loop, seen + 1)
        if seen:
            for _ in range(60):
                await asyncio.sleep(0)        # the cut fires here, whatever its k
            await lock.acquire()              # free: does not suspend
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
