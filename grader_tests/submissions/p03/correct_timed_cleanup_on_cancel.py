# expect: full marks
# A worker cancelled while it waits says goodbye to its supervisor (a 1 ms round trip) and ends cancelled: it never
# works without the signal. Part 3 counted the goodbye's step as work (8/10). Found by red-team pass 40 (attacker W).
import asyncio


async def initializer(ready):
    await asyncio.sleep(0.02)
    ready.set()


async def _leave():
    await asyncio.sleep(0.001)  # tell the supervisor this worker is gone (a round trip)


async def worker(ready):
    try:
        await ready.wait()
    except asyncio.CancelledError:
        await _leave()          # cleanup only, then end cancelled
        raise
    await asyncio.sleep(0.01)   # the work, only after the signal
