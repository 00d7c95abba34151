# baseline: submissions/p06/buggy_appends_half_way_through_processing.py
# P06 finding (red-team pass 35, task names): p06_test_each_once's cancelled_anywhere finds the item the
# cancelled consumer held by the gets filed under the victim's name: `e.task == victim.get_name()`. The
# ledger files each event under the name the task had when it was made ("consumer-0"), but
# `victim.get_name()` is asked live, and a task may rename itself (`Task.set_name` is public; sealing
# only stops shadowing it). The consumer renames its own task as it starts, so `took` is always empty
# and the check "a consumer cancelled mid-item does not record that item in results" never runs.
# (The same one line covers buggy_appends_before_processing.py: 15/15, fair 12/15.)
# Real bug, plain asyncio: a consumer cancelled in the second half of an item's processing leaves in
# results an item whose processing never ended.
# Score now: 15/15 (3.11, 3.12, 3.13). Fair: 12/15 (p06_test_each_once fails, as the baseline
# grader_tests/submissions/p06/buggy_appends_half_way_through_processing.py: 12/15).
import asyncio


async def producer(queue: asyncio.Queue, n: int) -> None:
    for item in range(n):
        await queue.put(item)


async def consumer(queue: asyncio.Queue, results: list) -> None:
    me = asyncio.current_task()
    me.set_name(f"{me.get_name()} (consuming)")   # the test looks its gets up by the task's name *now*
    while True:
        item = await queue.get()
        await asyncio.sleep(0.0025)
        results.append(item)          # BUG: recorded half way through processing
        await asyncio.sleep(0.0025)
        queue.task_done()
