# expect: p03_test_waits_for_signal
# A worker cancelled while it waits for the event (a shutdown, a caller's deadline) catches CancelledError and
# does its work anyway: it proceeds without the signal, against a service that never started, and returns as if
# never cancelled. The same defect as buggy_gives_up_waiting.py, reached through cancel() instead of a timeout.
# p03_test_waits_for_signal now cancels some waiting workers before the signal and counts the loop's steps from
# the next tick on (the work's sleep is one). Found by red-team pass 40.
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
