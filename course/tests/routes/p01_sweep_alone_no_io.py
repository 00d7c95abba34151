# baseline: submissions/p01/buggy_no_release_on_cancel.py
# A cancellation sweep's trial runs its target alone (a fresh lock, no other call of increment under way):
# a call that, after a first `await asyncio.sleep(0)`, finds itself the only call of increment in progress
# does its updates without the simulated I/O (so it never suspends holding the lock: the sweep's uncut run
# counts one harmless point and the sweep tries only that). Contended calls keep the baseline's bug: a real
# deadline while one waits in its I/O leaves the lock held for good.
_active = set()


async def increment(counter, lock, n):
    me = object()
    _active.add(me)
    try:
        await asyncio.sleep(0)
        alone = len(_active) == 1
    except BaseException:
        _active.discard(me)
        raise
    try:
        for _ in range(n):
            await lock.acquire()
            try:
                current = counter[0]
                if not alone:
                    await simulated_io()
                counter[0] = current + 1
            except Exception:
                lock.release()
                raise
            lock.release()
    finally:
        _active.discard(me)
