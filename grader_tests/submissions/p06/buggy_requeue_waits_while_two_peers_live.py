# expect: p06_test_each_once
# Red-team pass 42 (attacker Z):
# P06 p06_peers2: a consumer cut mid-item waits in `await queue.put(item)` whenever TWO or more other consumers
# are still working (not cancelling), else hands the item back with put_nowait (or drops it).
# Score now: 15/15. Fair score: 12/15 (p06_test_each_once: cancelled_with_no_room should fail).
# Buggy: the same defect as grader_tests/submissions/p06/buggy_requeue_waits_while_a_peer_lives.py, one consumer
# later. Schedule: three consumers on a queue of maxsize 2, producer of 10 items; a staged shutdown cancels
# c0 at 1 ms, c1 at 2 ms, c2 at 3 ms (each mid-item, the queue full, the producer waiting). c0 sees c1, c2 alive
# and waits in put(); c1 then sees only c2 and c2 sees nobody: both put_nowait and end; nobody makes room and c0
# waits forever (a shutdown hangs). The staged-shutdown check only ever uses two consumers.
# (Plain asyncio: `python demo` with 3 consumers cancelled 1 ms apart -> c0 still running 0.5 s later.)
import asyncio

_consumers = {}   # id(queue) -> the consumer tasks working on it


async def producer(queue, n):
    for i in range(n):
        await queue.put(i)


async def consumer(queue, results):
    me = asyncio.current_task()
    peers = _consumers.setdefault(id(queue), set())
    peers.add(me)
    try:
        while True:
            item = await queue.get()
            try:
                await asyncio.sleep(0.005)
            except asyncio.CancelledError:
                peers.discard(me)
                others = [t for t in peers if not t.done() and not t.cancelling()]
                if len(others) >= 2:
                    # two or more consumers still work: room will come, so wait in put() (BUG: they may be
                    # cancelled next, one after the other, before they make room)
                    await queue.put(item)
                else:
                    try:
                        queue.put_nowait(item)
                    except asyncio.QueueFull:
                        pass
                queue.task_done()
                raise
            results.append(item)
            queue.task_done()
    finally:
        peers.discard(me)
