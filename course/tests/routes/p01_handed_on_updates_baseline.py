# BUG (an impatient waiter): it gives up after waiting two days (virtual time) and goes in without the lock.
import asyncio

DAY = 86400.0


async def _take(lock: asyncio.Lock, counter) -> bool:
    try:
        await asyncio.wait_for(lock.acquire(), DAY)
        return True
    except TimeoutError:
        pass
    try:
        await asyncio.wait_for(lock.acquire(), DAY)
        return True
    except TimeoutError:
        return False


async def increment(counter: list[int], lock: asyncio.Lock, n: int) -> None:
    for _ in range(n):
        got = await _take(lock, counter)
        try:
            current = counter[0]
            await simulated_io()
            counter[0] = current + 1
        finally:
            if got:
                lock.release()
