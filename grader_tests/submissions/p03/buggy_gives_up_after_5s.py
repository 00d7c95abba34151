# expect: p03_test_waits_for_signal
# "Never wait forever": a worker gives up on the startup signal after 5 s (a typical
# startup watchdog) and serves anyway. If startup takes longer than 5 s, every worker
# proceeds before the signal: exactly the bug of buggy_gives_up_waiting.py (0.1 s), with a
# realistic timeout. The hidden test leaves the event unset for only 1 virtual second.
import asyncio


async def initializer(ready):
    await asyncio.sleep(0.02)
    ready.set()


async def worker(ready):
    try:
        await asyncio.wait_for(ready.wait(), timeout=5)
    except TimeoutError:
        pass  # startup is taking too long: serve anyway
    await asyncio.sleep(0.01)
