# baseline for p01_settled_held.py: an update cancelled while it holds the lock gives it back 2 s later (a timer).
async def increment(counter: list[int], lock: asyncio.Lock, n: int) -> None:
    """Add 1 to counter[0], n times; each read-await-write update holds `lock`."""
    for _ in range(n):
        await lock.acquire()
        try:
            current = counter[0]
            await simulated_io()
            counter[0] = current + 1
        except asyncio.CancelledError:
            # BUG: a cancelled update gives the lock back only 2 s later (a "cool-down" timer).
            asyncio.get_running_loop().call_later(2.0, lock.release)
            raise
        except BaseException:
            lock.release()
            raise
        lock.release()
