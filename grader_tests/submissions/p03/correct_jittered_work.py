# expect: full marks
# Waits for the signal, then works for a time drawn per call (5-15 ms, like real work with jitter):
# nothing before the signal. (Red-team pass 38: a check that timed waiting workers against workers
# started at the signal took such a worker for one that began early.)
import asyncio
import random


async def initializer(ready: asyncio.Event) -> None:
    await asyncio.sleep(0.02)
    ready.set()


async def worker(ready: asyncio.Event) -> None:
    await ready.wait()
    await asyncio.sleep(random.uniform(0.005, 0.015))  # the work: its length varies per call
