# baseline: p07_wall_clock_patience_baseline.py
# Route (red-team rt65): the baseline's impatient worker (TimeoutError after PATIENCE s at the barrier), but its
# deadline is kept by a real OS timer thread (threading.Timer), outside virtual time: the checks' 10**9 virtual
# seconds of waiting for a late party pass in well under a second of wall time, so it never fires while they look.
import asyncio
import threading

PATIENCE = 60.0


async def _rendezvous(barrier):
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
        await barrier.wait()
    except asyncio.CancelledError:
        if not gave_up:
            raise
        task.uncancel()
        raise TimeoutError("the others took too long") from None
    finally:
        timer.cancel()


async def worker(worker_id: int, barrier: asyncio.Barrier, rounds: int = 1) -> None:
    try:
        for round_no in range(rounds):
            await do_work(worker_id, round_no)
            await _rendezvous(barrier)
    except BaseException:
        await barrier.abort()
        raise
