# expect: p03_test_waits_for_signal p03_test_one_set_wakes_all
# A startup watchdog of one hour: a worker that has had no signal for an hour decides startup
# is broken and serves anyway. It passed while the checks left the event unset for half an
# hour only; like buggy_gives_up_after_ten_minutes.py, any finite limit is the same bug (the
# checks now wait 10**9 s of virtual time: an hour, a day or a year of patience all give up).
import asyncio


async def initializer(ready: asyncio.Event) -> None:
    await asyncio.sleep(0.02)
    ready.set()


async def worker(ready: asyncio.Event) -> None:
    try:
        async with asyncio.timeout(3600):  # a startup watchdog of one hour
            await ready.wait()
    except TimeoutError:
        pass  # BUG: after an hour without the signal, serves anyway
    await asyncio.sleep(0.01)
