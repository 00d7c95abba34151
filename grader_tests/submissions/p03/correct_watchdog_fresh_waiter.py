# expect: full marks
# Red-team pass (fairness): a 0.5 s watchdog whose every watch period waits in a NEW task
# (`asyncio.wait({task}, timeout=0.5)`, the timed-out task cancelled and a fresh one started, as
# asyncio.wait_for did on Python 3.11). It waits, then works; it lost p03_test_waits_for_signal's
# 2 points when only tasks waiting from the start could look again (8/10).
import asyncio
import sys


async def initializer(ready: asyncio.Event) -> None:
    await asyncio.sleep(0.02)
    ready.set()


async def worker(ready: asyncio.Event) -> None:
    while True:
        waiting = asyncio.ensure_future(ready.wait())
        done, _ = await asyncio.wait({waiting}, timeout=0.5)
        if done:
            break
        waiting.cancel()
        print("worker: still waiting for startup", file=sys.stderr)
    for _ in range(3):  # the work, in three steps
        await asyncio.sleep(0.002)
