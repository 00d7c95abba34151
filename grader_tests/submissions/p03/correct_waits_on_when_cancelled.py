# expect: full marks
# A worker cancelled while it waits for the event keeps waiting for the signal (it catches CancelledError and
# waits again), then works once the event is set: it never proceeds before the signal, which is all P03 asks of a
# worker. Counterpart of buggy_cancelled_worker_works_anyway.py: the new cancelled-waiter part of
# p03_test_waits_for_signal must accept it (its looks at the event are waiting, not work). Found by red-team pass 40.
import asyncio


async def initializer(ready):
    await asyncio.sleep(0.02)
    ready.set()


async def worker(ready):
    while True:
        try:
            await ready.wait()
            break
        except asyncio.CancelledError:
            continue            # still no signal: wait on
    await asyncio.sleep(0.01)   # the work
