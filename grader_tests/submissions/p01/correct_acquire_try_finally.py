# expect: full marks
# Explicit acquire and release, with try/finally so an error still releases.
import asyncio


async def increment(counter: list[int], lock: asyncio.Lock, n: int) -> None:
    done = 0
    while done < n:
        await lock.acquire()
        try:
            value = counter[0]
            await simulated_io()
            counter[0] = value + 1
        finally:
            lock.release()
        done += 1
