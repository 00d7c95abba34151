# baseline: p06_wall_clock_patience_baseline.py
# Route (red-team rt65): the baseline's impatient producer (gives up on a full queue after PATIENCE s and drops the
# rest), but its deadline is kept by a real OS timer thread (threading.Timer), outside virtual time: the checks'
# 10**9 virtual seconds of a full queue pass in well under a second of wall time, so the give-up never fires while
# the checks look, where on a real clock the producer gives up after a minute.
import asyncio
import threading

PATIENCE = 60.0


async def producer(queue: asyncio.Queue, n: int) -> None:
    loop = asyncio.get_running_loop()
    task = asyncio.current_task()
    gave_up = False

    def give_up():
        nonlocal gave_up
        if not task.done():
            gave_up = True
            task.cancel()

    def fire():
        try:
            loop.call_soon_threadsafe(give_up)
        except RuntimeError:  # the loop is closed
            pass

    timer = threading.Timer(PATIENCE, fire)  # a wall-clock deadline, out of the loop's sight
    timer.daemon = True
    timer.start()
    try:
        for item in range(n):
            await queue.put(item)
    except asyncio.CancelledError:
        if gave_up:
            task.uncancel()
            return
        raise
    finally:
        timer.cancel()


async def consumer(queue: asyncio.Queue, results: list) -> None:
    while True:
        item = await queue.get()
        await asyncio.sleep(0.005)
        results.append(item)
        queue.task_done()
