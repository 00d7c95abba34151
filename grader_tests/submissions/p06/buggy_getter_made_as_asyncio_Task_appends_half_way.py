# expect: p06_test_each_once
# Red-team pass 42 (attacker V):
# Finding (attacker V): P06 -- the getter task made with `asyncio.Task(queue.get(), loop=loop)` directly (not
# loop.create_task / ensure_future) in the consumer's own step is nobody's work: the ledger files a task's
# creator only in VirtualTimeLoop.create_task (ledger.creators); a task constructed directly is known only
# from its first step (ledger.stepped), with no creator, so working_for="consumer-0" does not follow it.
# Identical to grader_tests/submissions/p06/buggy_get_in_unlinked_child_appends_half_way.py (12/15 now)
# but for `asyncio.ensure_future(queue.get())` -> `asyncio.Task(queue.get(), loop=loop)`. (Same with
# `asyncio.BaseEventLoop.create_task(loop, queue.get())`, the base class's method: 15/15 too.)
# Score now: 15/15 on 3.11, 3.12 and 3.13. Fair score: 12/15 (p06_test_each_once must fail).
# Buggy schedule (cancelled_anywhere's sweep): consumer-0 gets item k at t, appends k to results at
# t+2.5 ms and is cancelled at its next suspension: k is recorded although never processed (5 ms) and
# not handed back; `took` (gets working_for consumer-0) is empty, so the requirement is skipped.
import asyncio


async def producer(queue: asyncio.Queue, n: int) -> None:
    for item in range(n):
        await queue.put(item)


def _wake(fut):
    def done(_task):
        if not fut.done():
            fut.set_result(None)
    return done


async def _take(queue):
    loop = asyncio.get_running_loop()
    getter = asyncio.Task(queue.get(), loop=loop)   # made directly, not through create_task
    fut = loop.create_future()
    getter.add_done_callback(_wake(fut))
    try:
        await fut
    except asyncio.CancelledError:
        if getter.done() and not getter.cancelled():
            queue.put_nowait(getter.result())   # hand it back (not processed)
            queue.task_done()
        getter.cancel()
        raise
    return getter.result()


async def consumer(queue: asyncio.Queue, results: list) -> None:
    while True:
        item = await _take(queue)
        await asyncio.sleep(0.0025)
        results.append(item)          # BUG: recorded half way through processing
        await asyncio.sleep(0.0025)
        queue.task_done()
