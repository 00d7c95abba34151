# expect: p03_test_waits_for_signal p03_test_one_set_wakes_all
# "Never wait forever": a worker gives up on the startup signal after 5 s (a typical
# startup watchdog) and serves anyway. If startup takes longer than 5 s, every worker
# proceeds before the signal: exactly the bug of buggy_gives_up_waiting.py (0.1 s), with a
# realistic timeout. Like it, it also fails p03_test_one_set_wakes_all: a set() that comes
# after 7.3 s (or 10**9 s) finds nobody waiting.
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
