# expect: p03_test_waits_for_signal
# A worker cancelled while it waits swallows the cancellation, does its work without the signal, then looks at the
# event (to log whether it ran "degraded"): the look bought back the work's step when part 3 forgave looks.
# Now: it returns normally without the signal. Found by red-team pass 40 (attacker W): 10/10 before, 8/10 fair.
import asyncio


async def initializer(ready):
    await asyncio.sleep(0.02)
    ready.set()


async def worker(ready):
    try:
        await ready.wait()
    except asyncio.CancelledError:
        pass                    # BUG: carries on without the signal
    await asyncio.sleep(0.01)   # the work
    if not ready.is_set():      # a look after the work: buys the step back
        pass
