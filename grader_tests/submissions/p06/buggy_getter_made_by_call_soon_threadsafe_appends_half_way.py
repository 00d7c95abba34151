# expect: p06_test_each_once
# Red-team pass 42 (attacker V):
# Finding (attacker V): P06 -- the getter task made by a loop callback scheduled with
# `loop.call_soon_threadsafe` (from the consumer's own step, on the loop's thread) is nobody's work.
# Commit 8afd666 attributes a task made by a plain callback to the task that scheduled it, but only for
# VirtualTimeLoop.call_soon/call_later/call_at; asyncio's BaseEventLoop.call_soon_threadsafe goes through
# self._call_soon into loop._ready, which _run_once moves to the ledger's queue with no behalf_of entry:
# the getter's creator is None, so working_for="consumer-0" does not follow it.
# Identical to grader_tests/submissions/p06/buggy_getter_made_by_a_loop_callback_appends_half_way.py
# (12/15 now) but for call_soon -> call_soon_threadsafe.
# Score now: 15/15 on 3.11, 3.12 and 3.13. Fair score: 12/15 (p06_test_each_once must fail).
# Buggy schedule (cancelled_anywhere's sweep): consumer-0 gets item k at t, appends k to results at
# t+2.5 ms and is cancelled at its next suspension: k is recorded although never processed.
import asyncio


async def producer(queue: asyncio.Queue, n: int) -> None:
    for item in range(n):
        await queue.put(item)


async def _take(queue):
    loop = asyncio.get_running_loop()
    fut = loop.create_future()
    box = []

    def start():   # a loop callback, no task's step: the getter task it makes has no creator
        if fut.done():
            return
        getter = loop.create_task(queue.get())
        box.append(getter)
        getter.add_done_callback(lambda _t: fut.done() or fut.set_result(None))

    loop.call_soon_threadsafe(start)
    try:
        await fut
    except asyncio.CancelledError:
        if box:
            getter = box[0]
            if getter.done() and not getter.cancelled():
                queue.put_nowait(getter.result())   # hand it back (not processed)
                queue.task_done()
            getter.cancel()
        raise
    return box[0].result()


async def consumer(queue: asyncio.Queue, results: list) -> None:
    while True:
        item = await _take(queue)
        await asyncio.sleep(0.0025)
        results.append(item)          # BUG: recorded half way through processing
        await asyncio.sleep(0.0025)
        queue.task_done()
