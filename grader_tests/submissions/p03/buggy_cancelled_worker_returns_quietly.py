# expect: p03_test_waits_for_signal
# A worker cancelled while it waits returns normally without working: its caller (a TaskGroup, a gather) is told
# the worker is done, without the signal, and a caller's deadline (asyncio.timeout) no longer sees its
# cancellation go through. A cancelled worker ends cancelled or waits on (red-team pass 40).
import asyncio


async def initializer(ready):
    await asyncio.sleep(0.02)
    ready.set()


async def worker(ready):
    try:
        await ready.wait()
    except asyncio.CancelledError:
        return  # BUG: reports success without the signal
    await asyncio.sleep(0.01)
