# baseline: p07_sliced_patience_baseline.py
# Route (red-team rt67): the baseline's impatient first rendezvous (gives up after a day of virtual time),
# looked at every 1 s instead of once: no real clock. waits_for_a_late_party counts idle steps only in round 1,
# and follows round 0's waiters that wake often only as far as let_time_pass's 5,000-step budget.
import asyncio
import time

PATIENCE = 86400.0  # a worker gives up on its first rendezvous after a day
POLL = 1.0


async def _first_wait(barrier: asyncio.Barrier) -> int:
    """The first rendezvous, looked at every POLL s, the deadline looked at after each look."""
    began = time.monotonic()
    waiting = asyncio.ensure_future(barrier.wait())
    try:
        while True:
            done, _ = await asyncio.wait({waiting}, timeout=POLL)
            if done:
                return waiting.result()
            if time.monotonic() - began >= PATIENCE:
                raise TimeoutError("the others never came")
    finally:
        if not waiting.done():
            waiting.cancel()
            await asyncio.gather(waiting, return_exceptions=True)


async def worker(worker_id: int, barrier: asyncio.Barrier, rounds: int = 1) -> None:
    try:
        for round_no in range(rounds):
            await do_work(worker_id, round_no)
            if round_no == 0:
                await _first_wait(barrier)
            else:
                await barrier.wait()
    except BaseException:
        await barrier.abort()
        raise
