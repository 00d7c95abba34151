# baseline: p03_peer_cleanup_cover_baseline.py
# BUG: a worker cancelled while it waits tells its peers "shutting down", and they then do their work
# without the signal (they return as if the service had started).
import asyncio

_stops = {}


async def initializer(ready: asyncio.Event) -> None:
    await asyncio.sleep(0.02)
    ready.set()


async def worker(ready: asyncio.Event) -> None:
    stop = _stops.setdefault(ready, asyncio.Event())
    waiter = asyncio.ensure_future(ready.wait())
    stopper = asyncio.ensure_future(stop.wait())
    try:
        await asyncio.wait([waiter, stopper], return_when=asyncio.FIRST_COMPLETED)
    except asyncio.CancelledError:
        waiter.cancel()
        stopper.cancel()
        stop.set()  # shutting down: the peers go on (the bug)
        await asyncio.sleep(0.5)  # THE TRICK: a slow goodbye; the peers' early work is done before this worker ends
        raise
    waiter.cancel()
    stopper.cancel()
    await asyncio.sleep(0.01)  # the work: also when only a peer's shutdown came, without the signal
