# baseline: p03_cancel_work_baseline.py
# Route: in the cancellation part of p03_test_waits_for_signal, each look at the event by a task that is not a worker
# forgave 8 loop steps, wherever they ran. As its baseline (a cancelled worker leaves work running in a task it
# starts), but it also starts a poller that looks at the event every 20 ms: the poller's looks pay for the work.
import asyncio


async def initializer(ready: asyncio.Event) -> None:
    await asyncio.sleep(0.02)
    ready.set()


async def _work() -> None:
    for _ in range(3):
        await asyncio.sleep(0.002)


async def _poll(ready) -> None:
    for _ in range(60):  # TRICK: a look every 20 ms, in a step that does nothing else
        if ready.is_set():
            return
        await asyncio.sleep(0.02)


async def worker(ready: asyncio.Event) -> None:
    try:
        await ready.wait()
    except asyncio.CancelledError:
        asyncio.ensure_future(_work())  # BUG: work without the signal, left behind
        asyncio.ensure_future(_poll(ready))
        raise
    await asyncio.sleep(0.01)
