# expect: p06_test_each_once
# Red-team pass 42 (attacker V):
# Finding (attacker V, red-team pass after 42): P06 -- a get done directly in a plain loop callback
# (`loop.call_soon(take)`, take() calling queue.get_nowait()) is filed under "main", not the consumer.
# Commit 8afd666 made a TASK created by a plain callback count as work of the task that scheduled the
# callback (ledger.behalf), but an event the callback records itself is filed by _trace._add under
# ledger.acting, which is None in a plain callback -> "main"; ledger.behalf is ignored there.
# Score now: 15/15 on 3.11, 3.12 and 3.13. Fair score: 12/15 (p06_test_each_once must fail).
# Bug: when the queue is not empty the consumer takes the item through a call_soon callback and then
# records it half way through its 5 ms of processing. Schedule (cancelled_anywhere, seed 0): consumer-0
# takes item k in the callback at t, appends k at t+2.5 ms, is cancelled at its next suspension: k is in
# results but never processed and not handed back. `took` (gets working_for="consumer-0") is empty for
# that get, so the "does not record the item it held" requirement is skipped.
# Control: the same file with take() called in the consumer's own step scores 12/15 (each_once fails).
import asyncio


async def producer(queue: asyncio.Queue, n: int) -> None:
    for item in range(n):
        await queue.put(item)


async def _take(queue):
    """(item, got in a plain callback?)"""
    if queue.empty():
        return await queue.get(), False   # wait inside get() on an empty queue
    loop = asyncio.get_running_loop()
    fut = loop.create_future()

    def take():   # a plain loop callback (scheduled by this consumer's step) takes the item
        if not fut.done():
            try:
                fut.set_result(queue.get_nowait())
            except asyncio.QueueEmpty:
                fut.set_result(_EMPTY)

    loop.call_soon(take)
    try:
        item = await fut
    except asyncio.CancelledError:
        if fut.done() and not fut.cancelled() and fut.result() is not _EMPTY:
            queue.put_nowait(fut.result())   # hand it back (not processed)
            queue.task_done()
        fut.cancel()
        raise
    if item is _EMPTY:
        return await queue.get(), False
    return item, True


_EMPTY = object()


async def consumer(queue: asyncio.Queue, results: list) -> None:
    while True:
        item, quick = await _take(queue)
        if quick:
            await asyncio.sleep(0.0025)
            results.append(item)          # BUG: recorded half way through processing
            await asyncio.sleep(0.0025)
        else:
            await asyncio.sleep(0.005)
            results.append(item)
        queue.task_done()
