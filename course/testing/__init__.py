"""course.testing: check asyncio code deterministically, fast, and safely.

The whole API a test cell needs::

    from course.testing import explore, require

    async def never_two_holders(sim):
        "at most one task is inside the critical section"
        lock = sim.lock("lock")
        counter = sim.shared_list([0], "counter")
        await asyncio.gather(*(increment(counter, lock, 20) for _ in range(4)))
        peak, when = sim.trace.overlapping("counter", "read", "write")
        require(peak == 1, "one task at a time between reading and writing the counter",
                lambda: f"{peak} tasks were inside at t={when}")

    explore(never_two_holders, seeds=100)

- `run(scenario, seed=None)` runs `scenario(sim)` once, `explore(scenario,
  seeds=N)` under N seeded schedules; both on a fresh `VirtualTimeLoop` in a
  worker thread, never on the kernel's loop.
- `sim` (a `Simulation`) gives the virtual clock (`sim.now()`), traced
  primitives (`sim.lock()`, `sim.semaphore(n)`, `sim.event()`,
  `sim.condition()`, `sim.queue(maxsize)`, `sim.barrier(n)`,
  `sim.shared_list()`, `sim.shared_set()`), the `sim.trace`,
  `sim.cancel_at(task, k)`, `sim.ended_at(task)` (when a task ended, in
  virtual seconds), and `sim.resources(lifetime)`, an audited
  `factory` for a resource pool. For waits of any length:
  `sim.let_time_pass(seconds)` (up to 10**9 s, in doubling stretches),
  `sim.steps()` with `sim.stretches(seconds)` (a waiter that wakes up to
  look runs more loop steps than the wait's own; `loop_steps()` where no
  `sim` is at hand, as in a method of a test's TracedEvent subclass), `sim.own_steps(task)` (the
  steps a task and the work it started ran until it ended: to forgive that
  task, and no other, its cleanup) and `sim.tolerance(t)` (the clock's
  rounding: "let in at the very instant", however late).
- `defined("increment", coroutine=True)` checks the solution defined a name
  the problem asks for (a clear message if not).
- `every_suspension(sim, trial)` runs `trial(cut)` with one task left alone, then
  cancelled right after each of its suspension points in turn (a "cancelled anywhere
  leaks nothing" check; `cut.fired_at` is the virtual time it was cancelled at); `woken(task)`, `cancel_when_woken(task)` and
  `notified_by_condition(task)` reach the moment a waiter has been handed what it
  waited for and is cancelled before it runs (see `_cancellation.py`: armed before the
  hand-over, `cancel_when_woken` catches one made however and whenever; its `fired()` says
  the trial happened).
- `instance_of(obj, cls)`: `isinstance` by the real type only (an object of
  a solution's can claim any class through `__class__`); `outcome(task)`: how
  a finished task ended ("was cancelled", "raised ...", "returned ..."), for a
  message; `shown(obj)`: a repr that runs no code of a solution's, for a message
  built before its check decides; `same(value, expected)`: `value == expected`
  with the exact types of `expected` (container by container; `is` for objects
  of the test's), for what a solution returned or appended, whose `==` can lie.
- `require(condition, invariant, seen)` fails with a message naming the
  invariant and what was seen (either may be a `lambda: f"..."`, formatted
  only if the check fails: what it quotes of a solution runs no code before
  the verdict). Every failure is a `CheckFailed` (an
  AssertionError) carrying the seed to replay.

Why our own loop, not detangle or frontrun
------------------------------------------
Both were measured on this course's scenarios, same machine (2 cores,
CPython 3.11), before this loop was written and against it:

- detangle 0.1.0 is good: it found the racy counter at once, and its
  deadlock report names holders of plain asyncio locks. But (1) its
  `patch_time` swaps `time.monotonic` process-wide while a step runs, so the
  kernel's other threads (heartbeat, IOPub) read virtual time whenever a
  check runs in a worker thread; ours answers per thread; (2) the issue's
  target scenario (10 tasks x 100 locked sleeps, 200 schedules) took 2.18 s
  with detangle, 0.95 s here (60 virtual seconds: 33 ms vs 17 ms); measured
  again later on a slower machine of the same kind, 2.95-3.05 s against
  1.27-1.34 s: the same 2.3x. Since then (a sleep's timer is its future, and
  an expired sleep resumes its task in one step instead of two) ours takes
  1.13-1.14 s on that machine. What is left is mostly asyncio's own Lock,
  sleep and task code, which every scenario must run: asyncio's own loop
  needs longer (1.34-1.37 s) for those 200 runs with zero-length sleeps,
  and a bare scheduler that only runs callbacks in FIFO order and pops
  sleep timers (no seeds, limits, handles or deadlock detection: the floor
  under any loop written in Python) needs 0.92-1.03 s;
  (3) it has no guard for code that never yields (a `while True: pass`
  hung it), and its pytest plugin is auto-loaded into every test session.
- frontrun 0.7 (DPOR, with a native extension and an LD_PRELOAD I/O
  library) explores a fixed list of task factories against an invariant on
  one shared object, run under `asyncio.run`; scenarios that spawn tasks,
  use timers and virtual time, or need named deadlock reports do not fit
  that shape (it found the racy counter in 23 ms; the contention scenario
  did not finish within 5 minutes under its random explorer).

So the loop is ours (`_loop.py`, ~250 lines on top of BaseEventLoop: the
standard library's own tasks, futures and primitives, so fairness and
exceptions are exactly asyncio's), and its API is this module's: swapping
it for a library later changes `_loop.py` and `_runner.py` only.
benchmarks/harness.py prints our figures.

What no library does for us, and stays ours in any case: running inside a
Jupyter kernel without touching its loop, stopping code that never yields,
keeping the test cell's stderr clean, and nbgrader-friendly failures.
"""

import importlib as _importlib
import pkgutil as _pkgutil

from . import _trace
from ._cancellation import (CONDITION_LOSES_WAKEUPS, Cut, cancel_when_woken, every_suspension,
                            lost_wakeup_note, notified_by_condition, pass_wakeup_on, waiting_on_condition,
                            wakeup_lost_by_condition, woken)
from ._failures import (BlockingCall, CheckFailed, Deadlock, InvariantBroken, Livelock, NeverYields,
                        SolutionError, TooManySteps, Untidy, VirtualTimeExceeded, require)
from ._loop import VirtualTimeLoop
from ._names import MissingName, defined
from ._primitives import (TracedBarrier, TracedBoundedSemaphore, TracedCalls, TracedCondition, TracedEvent,
                          TracedList, TracedLock, TracedQueue, TracedSemaphore, TracedSet)
from ._resources import Handout, ResourceFactory, TrackedResource
from ._runner import Limits, explore, run
from ._simulation import Simulation, loop_steps
from ._trace import Premature, Span, Trace, TraceEvent
from ._values import Returned, instance_of, outcome, same, settled, shown

__all__ = [
    "run", "explore", "require", "defined", "instance_of", "same", "outcome", "shown", "settled", "Returned", "MissingName", "Simulation", "loop_steps", "Limits", "VirtualTimeLoop",
    "Trace", "TraceEvent", "Span", "Premature",
    "TracedLock", "TracedSemaphore", "TracedBoundedSemaphore", "TracedEvent", "TracedCondition",
    "TracedQueue", "TracedBarrier", "TracedList", "TracedSet", "TracedCalls", "ResourceFactory", "TrackedResource",
    "Handout",
    "every_suspension", "Cut", "woken", "cancel_when_woken", "notified_by_condition", "waiting_on_condition",
    "pass_wakeup_on", "wakeup_lost_by_condition", "lost_wakeup_note", "CONDITION_LOSES_WAKEUPS",
    "CheckFailed", "InvariantBroken", "Deadlock", "Livelock", "NeverYields", "TooManySteps",
    "VirtualTimeExceeded", "SolutionError", "BlockingCall", "Untidy",
]


def _watch_progress() -> None:
    """In a kernel, let `course.progress.summary` follow the visible check cells from here too:
    the setup cell's `course.notebook` does so, but a kernel restarted without running it still
    runs check cells, which import this package (IPython calls a `post_run_cell` hook registered
    during a cell for that cell too, so the check cell that imported it is recorded)."""
    try:
        from .. import progress

        progress.watch()
    except Exception:  # noqa: BLE001 - the summary is a convenience; never break a check cell
        pass


_watch_progress()

from . import _integrity  # noqa: E402  (after every submodule is loaded)

# The ledger keeper learns the harness's code now, before any solution runs (see _trace._doorkeeper):
# every module of this package, each loaded now (some are loaded by the check process only).
_trace.open_keeper([_importlib.import_module(f"{__name__}.{info.name}") for info in _pkgutil.iter_modules(__path__)])
_integrity.seal(__name__)
