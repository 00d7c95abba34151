# expect: p06_test_each_once
# Red-team pass 39: a consumer that takes each item in a task of its own (ensure_future(queue.get())) and learns
# of it through a future of its own, resolved by the task's done callback (no link asyncio keeps from the getter
# to the consumer), and records the item half way through processing. Its gets were filed under the getter
# task's name with no awaiters, so p06's "a consumer cancelled mid-item does not record the item" found no item
# consumer-0 held (15/15; the same consumer awaiting the getter scores 12/15). working_for now also follows the
# tasks a task started.
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
    getter = asyncio.ensure_future(queue.get())
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
