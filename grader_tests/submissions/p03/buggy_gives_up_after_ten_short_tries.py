# expect: p03_test_waits_for_signal p03_test_one_set_wakes_all
# A "don't hang forever" worker: it waits for the startup signal in short slices of 0.5 s
# (logging each time it is still waiting) and, after 10 slices (5 s), gives up and serves
# anyway. If startup takes longer than 5 s, every worker proceeds before the signal: the same
# bug as buggy_gives_up_after_5s.py, with a deadline no single timeout shows (5 s in all).
import asyncio
import sys


async def initializer(ready):
    await asyncio.sleep(0.02)
    ready.set()


async def worker(ready):
    for attempt in range(10):
        try:
            await asyncio.wait_for(ready.wait(), timeout=0.5)
            break
        except TimeoutError:
            print(f"worker: still waiting for startup (attempt {attempt + 1})", file=sys.stderr)
    await asyncio.sleep(0.01)
