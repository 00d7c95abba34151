# baseline: p01_sliced_patience_baseline.py
# Route (rt68): p01_sliced_patience (a day's patience waited in 1 s slices), plus, after each slice, a call of
# the harness's own Simulation.let_time_pass(0) on a Simulation the solution makes of the running loop.
# find_ledger only asks that the function asking be the harness's (let_time_pass is): so the call's finally
# sets the run's ledger.leap back to None, and the test's leaps never begin; the poller outlasts the steps.
import asyncio
import time

from course.testing import Simulation

PATIENCE = 86400.0  # a day of waiting, then give up
POLL = 1.0


async def _take(lock: asyncio.Lock) -> bool:
    began = time.monotonic()
    while True:
        try:
            await asyncio.wait_for(lock.acquire(), POLL)
            return True
        except TimeoutError:
            await Simulation(asyncio.get_running_loop()).let_time_pass(0)
            if time.monotonic() - began > PATIENCE:
                return False


async def increment(counter: list[int], lock: asyncio.Lock, n: int) -> None:
    for _ in range(n):
        got = await _take(lock)
        try:
            current = counter[0]
            await simulated_io()
            counter[0] = current + 1
        finally:
            if got:
                lock.release()
