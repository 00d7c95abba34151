# expect: p03_test_waits_for_signal
# A worker cancelled while it waits ends cancelled, as it should, but first hands its work to a task of its own
# ("finish in the background"): the work runs without the signal. What runs after every cancelled worker has ended
# is counted as work (red-team pass 40).
import asyncio

_background = set()


async def initializer(ready):
    await asyncio.sleep(0.02)
    ready.set()


async def _work():
    await asyncio.sleep(0.01)


async def worker(ready):
    try:
        await ready.wait()
    except asyncio.CancelledError:
        task = asyncio.ensure_future(_work())  # BUG: the work goes on without the signal
        _background.add(task)
        task.add_done_callback(_background.discard)
        raise
    await _work()
