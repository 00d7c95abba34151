# expect: full marks
# Red-team pass 42 (attacker Z):
# P06 p06_list_name (a CORRECT solution): the consumer takes each item through a child task it awaits
# (as grader_tests/submissions/p06/correct_get_in_child_task.py), named with a list: asyncio.create_task(queue.get(),
# name=[me, "get"]). asyncio accepts any object as a task name (Task keeps str() of it).
# Score now: 15/15 on Python 3.11 and 3.12; 4/15 on 3.13 (p06_test_visible, backpressure, each_once, join fail).
# Fair score: 15/15 everywhere (the contract's consumer: takes items forever, processes, appends, task_done).
# Why (target 1d): on 3.13 VirtualTimeLoop.create_task files the raw name object in ledger.names (3.11/3.12 now get
# str(name)); the trace then names events by a list, and the checks' trace helpers hash task names
# (too_soon, _started_by, dict.fromkeys(...)): "TypeError: unhashable type: 'list'" is blamed on the solution
# ("Your code raised an exception ... in six_items_one_consumer() line 35: sim.trace.too_soon(...)").
# Fix: file str(name) on every Python (as the Task itself does).
import asyncio


async def producer(queue: asyncio.Queue, n: int) -> None:
    for item in range(n):
        await queue.put(item)


async def consumer(queue: asyncio.Queue, results: list) -> None:
    me = asyncio.current_task().get_name()
    while True:
        # asyncio takes any object as a task's name (it keeps str() of it): here a list, [consumer, "get"]
        item = await asyncio.create_task(queue.get(), name=[me, "get"])
        await asyncio.sleep(0.005)
        results.append(item)
        queue.task_done()
