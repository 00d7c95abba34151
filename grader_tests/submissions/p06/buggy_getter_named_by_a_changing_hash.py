# expect: p06_test_each_once
# Red-team pass 42 (attacker Z):
# P06 p06_hashless_unlinked: grader_tests/submissions/p06/buggy_get_in_unlinked_child_appends_half_way.py (records
# each item half way through processing; takes it in a getter task linked back only by a done callback), with the
# getter made by asyncio.create_task(queue.get(), name=_Name()), _Name an object whose str() is "getter-<n>" and
# whose __hash__ differs at every call.
# Score now: 12/15 on Python 3.11 and 3.12, 15/15 on 3.13. Fair score: 12/15 everywhere (p06_test_each_once).
# Why (target 1d): since d666a03 a task made by asyncio.create_task / TaskGroup.create_task on 3.11/3.12 is filed
# under str(name); on 3.13 asyncio passes `name` straight to loop.create_task, and VirtualTimeLoop.create_task
# files the raw object in ledger.names. Events then name the getter by that object, and _trace._started_by
# builds working_for's family as a SET of names: the object is added with one hash and looked up with another,
# so consumer-0's gets are never found (`took` empty) and cancelled_anywhere's "does not record the item it held"
# requirement is skipped -- on 3.13 only. (ledger.names should hold str(name) on every Python, or family/awaiter
# matching should go by task objects, not names.)
# Buggy schedule (the check's sweep): consumer-0 gets item k at t, appends it at t+2.5 ms, is cancelled before
# t+5 ms: k is in results although never processed.
import asyncio
import itertools

_hashes, _numbers = itertools.count(), itertools.count()


class _Name:
    """A task name: asyncio makes str() of it; its hash differs at every look."""
    def __init__(self):
        self._text = f"getter-{next(_numbers)}"
    def __str__(self):
        return self._text
    def __hash__(self):
        return next(_hashes)


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
    getter = asyncio.create_task(queue.get(), name=_Name())
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
