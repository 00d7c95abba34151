# expect: p03_test_waits_for_signal p03_test_one_set_wakes_all
# The work started in a TaskGroup next to a task that waits for the signal: the group ends after the
# signal, but its work task ran before it.
# (Its worker task is not the one woken by set(), so p03_test_one_set_wakes_all fails it too, as before.)
import asyncio


async def initializer(ready: asyncio.Event) -> None:
    await asyncio.sleep(0.02)
    ready.set()


async def worker(ready: asyncio.Event) -> None:
    async with asyncio.TaskGroup() as group:
        group.create_task(asyncio.sleep(0.01))  # the work
        group.create_task(ready.wait())
