# baseline: submissions/p01/buggy_no_release_on_cancel.py
# Red-team pass 82: the P01 sweep (lock_released_on_cancellation) now runs its target beside 1-2 other calls of
# increment waiting for the same lock, each on a counter of its own. A call notes, per lock, which counters the
# calls under way on it update; cancelled while it holds the lock, it releases it only when that lock has been
# used for more than one counter (the sweep's world). In a program where one lock guards one counter (the
# statement's shop stock count), a request timeout during the I/O leaves the lock held for good: the
# baseline's bug.
import asyncio
import weakref

_counters_of = weakref.WeakKeyDictionary()  # lock -> ids of the counters calls on it have updated


async def increment(counter, lock, n):
    seen = _counters_of.setdefault(lock, set())
    seen.add(id(counter))
    for _ in range(n):
        await lock.acquire()
        try:
            current = counter[0]
            await simulated_io()
            counter[0] = current + 1
        except Exception:
            lock.release()
            raise
        except BaseException:
            if len(seen) > 1:
                lock.release()
            raise
        lock.release()
