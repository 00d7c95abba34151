# expect: p03_test_late_worker
# Red-team pass 23 (had 10/10, now 8/10): a worker that finds the event already set takes it for a
# stale signal and blocks 5 s before its work; p03_test_late_worker gave late workers 10 s. It now
# judges each late worker against the workers woken by set(): it took over 1 s longer than each
# of them and suspended more often than any of them did for its work.
import asyncio


async def initializer(ready: asyncio.Event) -> None:
    await asyncio.sleep(0.02)
    ready.set()


async def worker(ready: asyncio.Event) -> None:
    if ready.is_set():  # maybe a stale signal: give a fresh startup 5 s to signal again
        try:
            await asyncio.wait_for(asyncio.sleep(3600), 5)
        except TimeoutError:
            pass
    else:
        await ready.wait()
    await asyncio.sleep(0.01)
