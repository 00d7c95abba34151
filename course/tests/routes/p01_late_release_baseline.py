# p01_wait_deadline_postponed's baseline: a failed update gives the lock back 2 s later (loop.call_later).
async def increment(counter: list[int], lock: asyncio.Lock, n: int) -> None:
    """Add 1 to counter[0], n times; each read-await-write update holds `lock`."""
    for _ in range(n):
        await lock.acquire()
        try:
            current = counter[0]
            await simulated_io()
            counter[0] = current + 1
        except BaseException:
            # BUG: after a failed update the lock is given back only 2 s later (a "cool-down"):
            # every other caller waits 2 s for it.
            asyncio.get_running_loop().call_later(2.0, lock.release)
            raise
        lock.release()
