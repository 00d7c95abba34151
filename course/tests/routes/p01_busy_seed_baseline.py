# Baseline of p01_watch_limits: a correct increment that, on the run of seed 1 only, first makes
# 110,000 pointless 1-us sleeps (more callbacks than a run may take: TooManySteps there).
import asyncio

_done_busy = set()


async def increment(counter: list[int], lock: asyncio.Lock, n: int) -> None:
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
