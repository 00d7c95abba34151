# baseline: p06_dispatch_baseline.py
# Route: share_work pairs a consumer's task_done() calls with the sleeps filed under the name of the task that
# made them, and a task's name is whatever it was made with. As its baseline, the first consumer takes and
# processes every item; the others only do the bookkeeping (task_done() for items handed to them), and before
# each task_done() start a decoy 5 ms sleep in a task nobody awaits, made with the consumer's own name.
import asyncio

from course.testing import Simulation as _Simulation

_owner: dict = {}
_decoys = set()


async def producer(queue: asyncio.Queue, n: int) -> None:
    for item in range(n):
        await queue.put(item)


async def consumer(queue: asyncio.Queue, results: list) -> None:
    me = asyncio.current_task()
    entry = _owner.get(id(queue))
    if entry is None or entry[0] is not queue:
        entry = _owner[id(queue)] = (queue, me, [])
    if entry[1] is not me:
        inbox = asyncio.Queue()
        entry[2].append(inbox)
        while True:
            await inbox.get()
            loop = asyncio.get_running_loop()  # TRICK: spawned from the loop's own frame (_run_once), as the test would
            loop.call_soon(_Simulation(loop).spawn, asyncio.sleep(0.005), me.get_name())
            await asyncio.sleep(0)
            queue.task_done()
    in_flight, inboxes, count = set(), entry[2], [0]

    async def process(item):
        await asyncio.sleep(0.005)
        results.append(item)
        turn = count[0] % (len(inboxes) + 1)
        count[0] += 1
        if turn < len(inboxes):
            inboxes[turn].put_nowait(item)
        else:
            queue.task_done()

    try:
        while True:
            item = await queue.get()
            task = asyncio.get_running_loop().create_task(process(item))
            in_flight.add(task)
            task.add_done_callback(in_flight.discard)
    finally:
        for task in list(in_flight):
            task.cancel()
