# BUG (impatient): a worker that has waited PATIENCE seconds (a day, virtual time) at its first rendezvous
# gives up (TimeoutError, breaking the barrier), where the contract says it waits however late the others come.
# It looks in slices of POLL s: here one slice, the whole day.
import asyncio
import time

PATIENCE = 86400.0  # a worker gives up on its first rendezvous after a day
POLL = PATIENCE


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
