# baseline: p03_early_work_baseline.py
# Route: looks at the event forgive 8 loop steps each, wherever they run. As its baseline (work begun before the
# signal, in a warm-up task the worker starts), but a second task the worker starts looks at the event every 20 ms
# while the warm-up, which never looks, does its steps: the poller's looks pay for the warm-up's work.
import asyncio


async def initializer(ready: asyncio.Event) -> None:
    await asyncio.sleep(0.02)
    ready.set()


async def _warm_up() -> None:
    # BUG: work begun before the signal, in a task the worker starts.
    for _ in range(3):
        await asyncio.sleep(0.002)


async def _poll(ready) -> None:
    while not ready.is_set():  # TRICK: a look every 20 ms, in a step that does nothing else
        await asyncio.sleep(0.02)


async def worker(ready: asyncio.Event) -> None:
    warm = asyncio.ensure_future(_warm_up())
    poll = asyncio.ensure_future(_poll(ready))
    try:
        await ready.wait()
    except BaseException:
        warm.cancel()
        poll.cancel()
        raise
    await warm
    poll.cancel()
    await asyncio.sleep(0.01)
