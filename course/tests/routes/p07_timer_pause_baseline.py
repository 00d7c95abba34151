# Correct worker, but it pauses 0.5 ms ("settle") before each round's work, outside its guard: a worker
# cancelled in that pause (a deadline) never arrives and never aborts the barrier; the others wait for good.
import asyncio


def _pause(delay):
    loop = asyncio.get_running_loop()
    fut = loop.create_future()
    loop.call_later(delay, lambda: fut.done() or fut.set_result(None))
    return fut


async def worker(worker_id, barrier, rounds=1):
    for round_no in range(rounds):
        await _pause(0.0005)  # bug: a cancellation here leaves the barrier whole
        try:
            await do_work(worker_id, round_no)
            await barrier.wait()
        except BaseException:
            await barrier.abort()
            raise
