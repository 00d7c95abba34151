# baseline: p03_signals_when_cancelled_baseline.py
# P03 finding (red-team pass 60, atk60): the ledger files each traced primitive's events under the name
# the test registered it with, but the test cells ask the ledger with `obj.name`, read back from the
# object they handed the solution (`sim.trace.select(ready.name, "set")`), and `name` is a plain entry of
# the object's `__dict__` (`Traced._init_traced`), which the solution may rewrite: no audit event, no
# guard. The initializer signals even when it is cancelled during its startup (its bug), and then renames
# the event: the test asks for the sets of an object that never existed and finds none.
import asyncio


async def initializer(ready: asyncio.Event) -> None:
    try:
        await asyncio.sleep(0.02)
    except BaseException:
        ready.set()  # BUG: also when cancelled during the startup...
        try:
            vars(ready)["name"] = f"{ready.name}-unseen"  # ... and the test's question goes elsewhere
        except Exception:
            pass
        raise
    ready.set()


async def worker(ready: asyncio.Event) -> None:
    await ready.wait()
    await asyncio.sleep(0.01)
