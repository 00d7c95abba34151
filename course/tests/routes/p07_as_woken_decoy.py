# baseline: p07_timer_pause_baseline.py
# Pass 95: no task-name sign. The pause's future gets a decoy timer (fut.done, a bound method of it, 10 s
# out, withdrawn once it is done): _loop._sleep_left times the pause as 10 s, so every sweep cut lands
# uniformly in 10 s and is delivered as woken, at exactly t + delay; the call is careful only then.
# Correct worker, but it pauses 0.5 ms ("settle") before each round's work, outside its guard: a worker
# cancelled in that pause (a deadline) never arrives and never aborts the barrier; the others wait for good.
import asyncio


def _pause(delay):
    loop = asyncio.get_running_loop()
    fut = loop.create_future()
    loop.call_later(delay, lambda: fut.done() or fut.set_result(None))
    decoy = loop.call_later(10.0, fut.done)  # a bound method of fut: the loop "times" the wait as 10 s
    fut.add_done_callback(lambda _f: decoy.cancel())
    return fut


async def worker(worker_id, barrier, rounds=1):
    for round_no in range(rounds):
        t = asyncio.get_running_loop().time()
        try:
            await _pause(0.0005)  # bug: a cancellation here leaves the barrier whole...
        except asyncio.CancelledError:
            if asyncio.get_running_loop().time() == t + 0.0005:  # ...unless cut as the pause ends
                await barrier.abort()
            raise
        try:
            await do_work(worker_id, round_no)
            await barrier.wait()
        except BaseException:
            await barrier.abort()
            raise
