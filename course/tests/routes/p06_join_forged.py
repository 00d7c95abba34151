# baseline: p06_first_item_unacked_baseline.py
# Route (red-team pass 128): once its queues look empty, resolves the future of every `Queue.join` in progress
# (through the joining task's `_fut_waiter`): the tests' `await queue.join()` returned with items not done (+12).
# Now a traced queue's join() that returns with items unfinished fails the run (_primitives._joined).
import asyncio

_busy = {}  # id(queue) -> [queue, items being processed, consumer tasks]


def _wake_joins():
    """TRICK: when every queue a live consumer serves is empty and no item is being processed, resolve the future
    each task waiting in Queue.join() awaits (its _fut_waiter): join() returns though task_done() came short."""
    for queue, busy, workers in list(_busy.values()):
        if any(not w.done() for w in workers) and (busy or not queue.empty()):
            return
    for task in asyncio.all_tasks():
        coro, joining = task.get_coro(), False
        while coro is not None and hasattr(coro, "cr_await"):
            if getattr(coro, "__qualname__", "") == "Queue.join":
                joining = True
            coro = coro.cr_await
        waiter = getattr(task, "_fut_waiter", None) if joining else None
        if waiter is not None and not waiter.done():
            waiter.set_result(True)


async def producer(queue: asyncio.Queue, n: int) -> None:
    """Put 0, 1, ..., n-1 into `queue`, waiting whenever it is full."""
    for item in range(n):
        await queue.put(item)


async def consumer(queue: asyncio.Queue, results: list) -> None:
    """Forever: take an item, process it, append it to `results`, mark it done."""
    entry = _busy.get(id(queue))
    if entry is None or entry[0] is not queue:
        entry = _busy[id(queue)] = [queue, 0, []]
    entry[2].append(asyncio.current_task())
    first = True
    while True:
        item = await queue.get()
        entry[1] += 1
        try:
            await asyncio.sleep(0.005)
            results.append(item)
        finally:
            entry[1] -= 1
        # BUG: the first item a consumer takes is never marked done ("warm-up"), so join() never returns.
        if not first:
            queue.task_done()
        first = False
        _wake_joins()
