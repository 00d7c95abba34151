# expect: p06_test_each_once
# Red-team pass 42 (attacker Z):
# P06 p06_cb_getter: the defect of grader_tests/submissions/p06/buggy_get_in_unlinked_child_appends_half_way.py
# (records each item half way through its 5 ms of processing), with the consumer's getter task made by a plain
# loop callback (`loop.call_soon(start)`, start() calling loop.create_task(queue.get())) instead of in the
# consumer's own step. The run's ledger files a task's creator as the task whose step made it; a callback's step
# has none (creator None), so working_for="consumer-0" no longer follows the getter: cancelled_anywhere finds no
# get of consumer-0 (`took` empty) and skips its "does not record the item it held" requirement -- the very hole
# red-team pass 39 closed for ensure_future() in the consumer's step (that variant: 12/15 now).
# Score now: 15/15. Fair score: 12/15 (p06_test_each_once should fail, as the linked variant does).
# Buggy schedule (the check's own sweep): consumer-0 gets item k at t, appends k to results at t+2.5 ms and is
# cancelled at its next suspension (t+2.5 ms .. t+5 ms): k is in results although it was never processed
# (processing takes 5 ms), and nothing hands it back.
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

    loop.call_soon(start)
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
