# Baseline of the route of the same name: the same update, its failure raised as a plain ExceptionGroup (the lock
# left held stays held).
_abandoned = {}  # id(lock) -> lock: locks a failed update left held (BUG: never released)


async def increment(counter: list[int], lock: asyncio.Lock, n: int) -> None:
    """Add 1 to counter[0], n times; each read-await-write update holds `lock`."""
    for _ in range(n):
        mine = False
        while _abandoned.get(id(lock)) is not lock:
            try:
                async with asyncio.timeout(0.05):
                    await lock.acquire()
                mine = True
                break
            except TimeoutError:
                continue
        try:
            current = counter[0]
            await simulated_io()
            counter[0] = current + 1
        except asyncio.CancelledError:
            if mine:
                lock.release()
            raise
        except Exception as error:
            # BUG: the lock is not released when the storage fails; the other calls go on without it.
            _abandoned[id(lock)] = lock
            raise ExceptionGroup("update failed", [error])
        if mine:
            lock.release()
