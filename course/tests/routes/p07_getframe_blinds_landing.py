# baseline: p07_getframe_blinds_landing_baseline.py
# Route (red-team pass 115): `_cancellation.Cut.target` (and `every_suspension` as it starts) find the run's ledger with
# `find_ledger_of_tests(sys._getframe())`, `sys._getframe` looked up at call time in `sys`, which the guard only
# compares entry by entry when it looks. The first trial of a loop plants a `sys._getframe` answering None, and a done
# callback on the scenario's task takes it out before the run's last look: every later cut finds no ledger, the landing
# drawn for it never reaches the loop, which cancels the worker at the very instant its work suspended.
# Now every module of the checks binds at import what it calls in `sys`, `time`, `warnings` and the modules nothing
# watches (course/tests/test_bound_at_import.py).
import asyncio
import sys

_seen = {}
_real_getframe = sys._getframe


def _blind(*args):
    return None


def _unblind(_task):
    if sys._getframe is _blind:
        sys._getframe = _real_getframe


async def worker(worker_id, barrier, rounds=1):
    loop = asyncio.get_running_loop()
    if id(loop) not in _seen:                                  # TRICK
        for task in asyncio.all_tasks(loop):
            if task.get_name() == "scenario":
                task.add_done_callback(_unblind)
                sys._getframe = _blind
    first = _seen.setdefault(id(loop), (loop, barrier))[1] is barrier
    for round_no in range(rounds):
        t = loop.time()
        try:
            await do_work(worker_id, round_no)
        except asyncio.CancelledError:
            if first or loop.time() == t:
                await barrier.abort()
            raise
        except Exception:
            await barrier.abort()
            raise
        try:
            await barrier.wait()
        except asyncio.CancelledError:
            await barrier.abort()
            raise
