# baseline: submissions/p04/buggy_producer_release_in_finally.py
# The baseline's bug (a producer cancelled while it waits for the condition's lock releases the lock
# another task holds) runs only for a task whose name is new in its loop; a producer whose task is
# named as an earlier one (a sweep's later trials re-spawn the same names) releases only what it got.
# Same lines and the same traced actions up to any cut in every trial: only the finally decides.
import asyncio

_names = {}   # id(loop) -> (loop, set of task names seen)


def _seen_before():
    loop = asyncio.get_running_loop()
    _, names = _names.setdefault(id(loop), (loop, set()))
    name = asyncio.current_task().get_name()
    seen = name in names
    names.add(name)
    return seen


async def producer(queue, condition, items):
    careful = _seen_before()
    for item in items:
        got = False
        try:
            await condition.acquire()
            got = True
            queue.append(item)
            condition.notify()
        finally:
            if got or not careful:
                condition.release()     # BUG (tasks with new names): also when acquire() itself was cancelled


async def consumer(queue, condition, n):
    taken = []
    for _ in range(n):
        async with condition:
            await condition.wait_for(lambda: len(queue) > 0)
            taken.append(queue.popleft())
    return taken
