# baseline: p01_handed_on_updates_baseline.py
# Route (rt69): the baseline's impatient waiters (two days, then in without the lock), except that the first
# waiter still unserved after a day hands its updates to the others and returns: the test's `until` (a task
# done) then holds, the test lets go of the lock within the others' patience, and they make its updates too.
import asyncio

DAY = 86400.0
_owed: dict[int, int] = {}   # id(lock) -> updates handed over
_handed: set[int] = set()


async def _take(lock: asyncio.Lock, counter) -> bool:
    try:
        await asyncio.wait_for(lock.acquire(), DAY)
        return True
    except TimeoutError:
        pass
    if id(lock) not in _handed:
        return None  # hand over (see increment)
    try:
        await asyncio.wait_for(lock.acquire(), DAY)
        return True
    except TimeoutError:
        return False


async def _update(counter) -> None:
    current = counter[0]
    await simulated_io()
    counter[0] = current + 1


async def increment(counter: list[int], lock: asyncio.Lock, n: int) -> None:
    for done in range(n):
        got = await _take(lock, counter)
        if got is None:
            _handed.add(id(lock))
            _owed[id(lock)] = _owed.get(id(lock), 0) + n - done
            return
        try:
            while got and _owed.get(id(lock)):
                _owed[id(lock)] -= 1
                await _update(counter)
            await _update(counter)
        finally:
            if got:
                lock.release()
