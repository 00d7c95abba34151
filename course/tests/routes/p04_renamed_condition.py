# baseline: submissions/p04/buggy_producer_steals_then_relocks.py
# P04 finding (red-team pass 60, atk60): the same kind as p03_renamed_event. p04_test_each_once replays the
# condition's lock's events from the ledger under `f"{condition.name}.lock"`, a name read back from the
# condition the test handed the producer, and `name` is a plain entry of that object's `__dict__`
# (`Traced._init_traced`). The producer of buggy_producer_steals_then_relocks releases, when its acquire()
# is cancelled, the lock another task holds (and acquires it again); then it renames the condition, and the
# test replays the events of a lock that does not exist: no release found while another task held it.
import asyncio


async def producer(queue, condition, items):
    for item in items:
        got = False
        try:
            await condition.acquire()
            got = True
            queue.append(item)
            condition.notify()
        finally:
            condition.release()              # BUG: also when acquire() was cancelled (not ours)
            if not got:
                try:
                    vars(condition)["name"] = f"{condition.name}-elsewhere"  # the replay asks elsewhere
                except Exception:
                    pass
                await condition.acquire()    # "put it back": the counts match, the steal stays


async def consumer(queue, condition, n):
    taken = []
    for _ in range(n):
        async with condition:
            await condition.wait_for(lambda: len(queue) > 0)
            taken.append(queue.popleft())
    return taken
