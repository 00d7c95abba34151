# baseline: p03_nowork_baseline.py
# Route: as p03_warnings_silenced, but the filters are put back at once, in the same step, so no
# look after the run sees a change: the "never awaited" warning is hidden while they ignore it
# (10/10; fair 2/10, as the baseline).
import asyncio
import warnings


async def initializer(ready: asyncio.Event) -> None:
    await asyncio.sleep(0.02)
    ready.set()


async def worker(ready: asyncio.Event) -> None:
    await ready.wait()
    saved = warnings.filters[:]
    warnings.simplefilter("ignore")
    asyncio.sleep(0.01)
    warnings.filters[:] = saved
