# expect: full marks
# A worker that waits with `asyncio.wait_for` and a 0.5 s watchdog, logging to stderr
# each time it is still waiting, and checks is_set() first; the initializer times its
# startup with the loop's clock and works in steps.
import asyncio
import sys


async def initializer(ready):
    loop = asyncio.get_running_loop()
    done_at = loop.time() + 0.02
    while loop.time() < done_at:
        await asyncio.sleep(min(0.005, done_at - loop.time()))
    if not ready.is_set():
        ready.set()


async def worker(ready):
    while not ready.is_set():
        try:
            await asyncio.wait_for(ready.wait(), timeout=0.5)
        except TimeoutError:
            print("worker: still waiting for startup", file=sys.stderr)
    for _ in range(3):  # the work, in three steps
        await asyncio.sleep(0.002)
