# baseline: p01_busy_seed_baseline.py
# The watchdog thread (threading.enumerate()) holds `_Watch`, whose `limits` is the very `Limits`
# object the runner makes every later seed's loop and ledger bounds from: raised during seed 0,
# the run of seed 1 may take 10**9 callbacks.
import asyncio

_done_busy = set()


async def increment(counter: list[int], lock: asyncio.Lock, n: int) -> None:
    import threading
    for thread in threading.enumerate():
        if thread.name == "course-watchdog":
            thread._args[0].limits.max_steps = 10**9
    loop = asyncio.get_running_loop()
    if loop.seed == 1 and id(loop) not in _done_busy:
        _done_busy.add(id(loop))
        for _ in range(110_000):
            await asyncio.sleep(1e-6)
    for _ in range(n):
        async with lock:
            current = counter[0]
            await simulated_io()
            counter[0] = current + 1
