# baseline: p03_wall_clock_patience_baseline.py
# Route (red-team rt65): the baseline's impatient worker (stops waiting for the signal after PATIENCE s and works
# anyway), but its deadline is kept by a real OS timer thread (threading.Timer), outside virtual time: the checks'
# 10**9 virtual seconds without a signal pass in well under a second of wall time, so it never fires while they look.
import asyncio
import threading

PATIENCE = 60.0


async def initializer(ready: asyncio.Event) -> None:
    await asyncio.sleep(0.02)
    ready.set()


async def worker(ready: asyncio.Event) -> None:
    loop, task, gave_up = asyncio.get_running_loop(), asyncio.current_task(), []

    def give_up():
        if not task.done():
            gave_up.append(True)
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
        await ready.wait()
    except asyncio.CancelledError:
        if not gave_up:
            raise
        task.uncancel()  # waited long enough: go on without the signal
    finally:
        timer.cancel()
    await asyncio.sleep(0.01)
