# baseline: p01_getframe_blinds_landing_baseline.py
# Route (red-team pass 115): `course.testing._cancellation` looks up `sys._getframe` at call time (`find_ledger_of_tests(sys._getframe())`
# in Cut.target), and `sys` is compared by entries only when the guard looks. A fake answering None, planted by the
# sweep's first trial and taken out by a done callback on the scenario's task (before the run's last look), makes
# Cut.target find no ledger: the landing drawn for the cut is never handed to the loop, which then cancels the
# target at the very instant it suspended, where this update is careful.
# Now every module of the checks binds at import what it calls in `sys`, `time`, `warnings` and the modules nothing
# watches (course/tests/test_bound_at_import.py).
import asyncio
import sys

_seen = {}
_real = sys._getframe


def _blind(*args):
    return None


def _unblind(_task):
    if sys._getframe is _blind:
        sys._getframe = _real


async def increment(counter, lock, n):
    loop = asyncio.get_running_loop()
    me = asyncio.current_task()
    first = False
    if me.get_name() == "holder" and id(loop) not in _seen:
        _seen[id(loop)] = loop
        first = True
        for task in asyncio.all_tasks(loop):                     # TRICK
            if task.get_name() == "scenario":
                task.add_done_callback(_unblind)
                sys._getframe = _blind
    for _ in range(n):
        await lock.acquire()
        try:
            current = counter[0]
            t = loop.time()
            await simulated_io()
            counter[0] = current + 1
        except asyncio.CancelledError:
            if first or loop.time() == t:
                lock.release()
            raise
        except Exception:
            lock.release()
            raise
        lock.release()
