# expect: p03_test_waits_for_signal
# Red-team pass 39: work begun before the signal in a loop callback (call_later) that looks at the event
# (is_set()) in the step it runs in: a look outside any task was filed under "main", never a worker's
# name, so p03_test_waits_for_signal forgave that step as waiting (10/10; fair 8/10, as
# buggy_work_in_callback_before_signal.py). A callback's look is no task's waiting now.
import asyncio


async def initializer(ready: asyncio.Event) -> None:
    await asyncio.sleep(0.02)
    ready.set()


async def worker(ready: asyncio.Event) -> None:
    loop = asyncio.get_running_loop()
    done = loop.create_future()

    def work_done():
        ready.is_set()            # TRICK: a look, filed under "main": the step is forgiven
        if not done.done():
            done.set_result("worked")

    loop.call_later(0.01, work_done)  # the work, begun now (BUG: before the signal)
    await ready.wait()
    await done
