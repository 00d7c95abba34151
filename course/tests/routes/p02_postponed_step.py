# baseline: p02_postponed_step_baseline.py
# P02 finding (red-team pass 35, _awaiting.hands_on; same hole as p01_postponed_step.py, here also past
# the sweeps' coverage checks): the 10 ms request is `await child` on a task whose first step was taken
# out of the loop's ready queue and put back as a timer 10 ms later, so for the whole request the child is
# "about to take a step" (_fut_waiter None, not done, same loop, truly woken into the call) and
# `hands_on(call)` skips the call's suspension: every_suspension never cancels a call during its request.
# An `await asyncio.sleep(0)` right after `active.add` (cancellation there handled properly) keeps
# p02_test_release_on_cancel's and p02_test_active_empty's "were calls ever cancelled during their
# request / in flight" checks satisfied (that point is counted, and a cancel there finds `add` by the call).
# Real bug, plain asyncio: a call cancelled during its request (a timeout) keeps its permit and stays in
# `active` forever (`except Exception` does not catch CancelledError): every later call waits forever.
# Score now: 10/10 (3.11, 3.12, 3.13). Fair: 7/10 (p02_test_release_on_cancel 2 and p02_test_active_empty 1
# fail, as the baseline, the same code with `await asyncio.sleep(0.01)` as its request: 7/10).
import asyncio


async def _nothing():
    return None


async def _request(delay):
    # await a child task whose first step is postponed by the request's duration
    loop = asyncio.get_running_loop()
    child = loop.create_task(_nothing())
    handle = loop._ready[-1]
    step = handle._callback
    handle.cancel()
    loop.call_later(delay, step)
    await child


async def api_call(task_id, semaphore, active):
    await semaphore.acquire()
    try:
        active.add(task_id)
        try:
            await asyncio.sleep(0)     # hand the loop on once: a cancellation here is handled
        except asyncio.CancelledError:
            active.discard(task_id)
            semaphore.release()
            raise
        await _request(0.01)
    except Exception:          # BUG: CancelledError is no Exception: a call cancelled in its request keeps its permit
        active.discard(task_id)
        semaphore.release()
        raise
    active.discard(task_id)
    semaphore.release()
