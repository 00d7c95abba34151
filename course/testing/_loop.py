"""A virtual-time event loop whose ready-task order is chosen by a seed.

`VirtualTimeLoop` is a `BaseEventLoop` with its scheduler (`_run_once`)
replaced; everything else (tasks, futures, every asyncio primitive, timeouts)
is the standard library's own code, so student code behaves exactly as on a
real loop except in three ways:

- Time is virtual. When nothing is ready, the clock jumps to the next timer;
  `asyncio.sleep(60)` costs nothing. A timer fires at least `tick` (1 µs)
  after it is set: a positive delay shorter than that, and a timer due now or
  already past (`call_at(loop.time())`, which float rounding easily produces),
  fire one tick later, as on a real clock, where time has moved on by the
  time the timer is looked at; so does an `asyncio.timeout` (or, since 3.12,
  `wait_for`) deadline already reached, which asyncio itself would hand to
  `call_soon` (see `_reschedule`). So a float remainder cannot livelock correct
  code. `call_soon` and `sleep(0)` keep time still.
- The order in which the callbacks that became ready together run is a
  permutation drawn from `random.Random(seed)`: each seed is one legal
  interleaving, and the same seed replays it exactly. `seed=None` keeps
  asyncio's FIFO order.
- When nothing is ready and no timer is pending, no progress is possible:
  the loop raises `Stuck` at once (the runner turns it into a deadlock
  report). Endless work is bounded by `max_steps` callbacks and `max_time`
  virtual seconds, both deterministic; `max_steps_per_instant` callbacks in a
  row with time standing still raise `TimeStandsStill` (a livelock: tasks
  waking each other at one instant). The CPU watchdog (see _runner) only
  stops one callback that never gives control back: how long a run that
  yields goes on is decided by these counts alone, so its verdict is the
  same on every machine and Python.

One shortcut keeps checks fast without changing what can happen: the timer
of an `asyncio.sleep` is the sleep's future itself (no handle is built), and
it is resolved as soon as it is due, instead of first waiting its turn as a
callback; the sleeper then takes its seeded turn among the ready callbacks.
A real loop may run other ready callbacks between those two moments or not;
both orders are legal, and the seeds still explore the sleeper's place
among its peers.

Real I/O is not supported (course scenarios simulate it with sleeps).
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import contextvars
import functools
import heapq
import itertools
import math
import random
import sys
import threading
import types
from collections import Counter, deque as _deque
from fractions import Fraction
from typing import Any

import _signal
import _thread
import signal as _signal_module

from . import _cancellation, _isolation, _trace, _watched
from ._awaiting import _waiter, awaits as _awaits, hands_on as _hands_on
from ._identity import derives_from, identity, remove_identical

_getframe = sys._getframe
# Bound at import: `concurrent.futures` and `signal` are modules nothing watches.
_ConcurrentFuture, _ThreadPoolExecutor, _Signals = (concurrent.futures.Future, concurrent.futures.ThreadPoolExecutor,
                                                    _signal_module.Signals)


# The callback of every asyncio.sleep timer: it resolves the sleep's future.
_wake_sleeper = asyncio.futures._set_result_unless_cancelled
# asyncio.sleep's own code (bound now, before a check process puts its wrapper in front of it:
# see _sealed.sleep): only a timer it sets is filed as a sleep (see call_later).
_SLEEP_CODE = asyncio.tasks.sleep.__code__


# The functions that, before Python 3.13, make a task unnamed and then name it (see create_task);
# bound now: a replacement of asyncio.create_task is not one of them.
_NAMED_AFTER = frozenset({asyncio.tasks.create_task.__code__, asyncio.TaskGroup.create_task.__code__}
                         if sys.version_info < (3, 13) else ())


# Marks a heap entry holding a _Timer (the other entries hold a sleep's future).
_TIMER = object()

# --- wake-ups from outside virtual time (a check process's runs) ------------
# The checks wait in virtual time: 10**9 s pass in a moment of real time. A deadline kept on a real
# clock, by a thread (`threading.Timer`) or a signal (`signal.setitimer` and a handler), is never
# reached while they look (red-team pass 65: a consumer that gave up after 60 real seconds passed
# every "waits however long it takes" check). In a check process the loop moves virtual time on only
# while nothing outside it could wake a task: no thread but the checks' own is alive, every signal's
# Python handler is the one the process had before any student code ran, and no real-time alarm is
# armed (whose remaining time, `signal.getitimer`, is a real clock too).
_SIGNALS = tuple(sorted(int(number) for number in _signal_module.valid_signals()))
_getsignal, _thread_count = _signal.getsignal, _thread._count
_getitimer, _ITIMER_REAL = _signal.getitimer, _signal.ITIMER_REAL
_HANDLERS: tuple = ()  # (see own_signal_handlers: set once, before any student code runs)


def own_signal_handlers() -> None:
    """Note each signal's Python handler now as the check process's own: called by
    `course.problem_process` before any student code runs. Only the first call counts."""
    global _HANDLERS
    if not _HANDLERS:
        _HANDLERS = tuple(map(_getsignal, _SIGNALS))


def outside_wakers(own_threads: int, _thread_count=_thread_count, _getitimer=_getitimer,
                   _real=_ITIMER_REAL) -> str:
    """What could wake a task from outside the loop's virtual time now ("" if nothing): a
    thread besides the main thread and the checks' `own_threads` others (the watchdog), a signal
    whose Python handler is the solution's (see solution_signal_handlers), or a real-time
    alarm armed (`signal.alarm`, `signal.setitimer(signal.ITIMER_REAL, ...)`; the check process
    arms none). Threads are counted by the interpreter (`_thread._count()`: every thread `_thread`
    started that has not ended, Python frames or none; red-team pass 66 hid a thread blocked in C
    code, with no frame, from `sys._current_frames()`)."""
    found = []
    threads = _thread_count() - own_threads  # (the count leaves the main thread out)
    if threads > 0:
        found.append(f"{threads} thread(s) your code started (still running)")
    elif threads < 0:  # (not the solution's doing as far as the checks can tell: said as it is)
        found.append("the checks' own watchdog thread, which is not running")
    if _getitimer(_real)[0]:
        found.append("a real-time alarm your code armed (`signal.alarm` or `signal.setitimer`)")
    changed = solution_signal_handlers()
    if changed:
        named = ", ".join(_signal_name(number) for number in changed[:3])
        found.append(f"a signal handler your code installed ({named})")
    return "; ".join(found)


def solution_signal_handlers(_getsignal=_getsignal, _signals=_SIGNALS, _int: type = int,
                             _no_code: tuple = (int(_signal.SIG_DFL), int(_signal.SIG_IGN))) -> list[int]:
    """The signals (numbers) whose Python handler is not the check process's own (see
    own_signal_handlers) and runs code: not `signal.SIG_DFL` or `SIG_IGN`, which `signal.signal` stores
    as plain ints, even given an int subclass (a correct solution's `signal.signal(signal.SIGPIPE,
    signal.SIG_DFL)` failed every check, red-team pass 103). Empty outside a check process."""
    handlers = _HANDLERS
    if not handlers:
        return []
    return [number for number, handler, own in zip(_signals, map(_getsignal, _signals), handlers)
            if handler is not own and not (type(handler) is _int and handler in _no_code)]


def _signal_name(number: int) -> str:
    try:
        return _Signals(number).name
    except ValueError:
        return f"signal {number}"


def _is_dead(entry: tuple) -> bool:
    """A pending timer that will do nothing: cancelled, or its sleep already over."""
    item = entry[2]
    return item._cancelled if entry[3] is _TIMER else item.done()


class LoopHalted(Exception):
    """Base of the loop's own stop signals (never raised into student code)."""


class Stuck(LoopHalted):
    """Nothing can run and no timer is pending."""


class OutOfSteps(LoopHalted):
    """More than `max_steps` callbacks ran."""


class OutOfTime(LoopHalted):
    """The next timer lies beyond `max_time` virtual seconds."""


class TimeStandsStill(LoopHalted):
    """More than `max_steps_per_instant` callbacks ran with virtual time standing still."""


class WokenFromOutside(LoopHalted):
    """In a check process, virtual time was to move on while something outside the loop (a
    thread, a signal handler of the solution's) could wake a task: what, as its argument."""


#: Bound at import, as asyncio's C tasks do it: a handle's context must not be made by whatever a
#: solution puts at `contextvars.copy_context` (red-team pass 40: such a hook saw every test timer).
_copy_context = contextvars.copy_context


class _Soon(asyncio.Handle):
    """A Handle without the debug-mode bookkeeping (this loop never debugs)."""

    __slots__ = ()

    def __init__(self, callback, args, loop, context) -> None:
        self._context = context if context is not None else _copy_context()
        self._loop = loop
        self._callback = callback
        self._args = args
        self._cancelled = False
        self._repr = None
        self._source_traceback = None


class _Timer(asyncio.TimerHandle):
    """A TimerHandle kept in the loop's own heap of (when, seq, timer) tuples,
    so heap order is a C-level tuple comparison and ties break FIFO."""

    __slots__ = ()

    def __init__(self, when, callback, args, loop, context) -> None:
        self._context = context if context is not None else _copy_context()
        self._loop = loop
        self._callback = callback
        self._args = args
        self._cancelled = False
        self._repr = None
        self._source_traceback = None
        self._when = when
        self._scheduled = False

    def cancel(self) -> None:
        if not self._cancelled:
            self._cancelled = True
            self._callback = None
            self._args = None


class VirtualTimeLoop(asyncio.BaseEventLoop):
    """An event loop on a virtual clock, with a seeded schedule."""

    #: What `create_task` makes: asyncio.Task, or in a check process a task whose methods
    #: no attribute set on it can shadow (`_sealed.SealedTask`, set by `_sealed.seal()`).
    task_class = asyncio.Task

    def __init__(self, *, seed: int | None = None, tick: float = 1e-6,
                 max_steps: int = 100_000, max_time: float = 3600.0,
                 max_steps_per_instant: int = 50_000) -> None:
        # The base class named, not super(): a method using super() has a closure cell
        # (`__class__`), which the guard cannot see replaced and put back (see _guard).
        asyncio.BaseEventLoop.__init__(self)
        use_no_worker_threads()  # (an executor's function runs in virtual time, as run_in_executor's)
        self.seed = seed
        self.tick = tick
        self.max_steps = max_steps
        self.max_time = max_time
        # Callbacks in a row at one virtual instant before the run counts as a livelock: far
        # more than the course's busiest instant (~2,000; a cancellation sweep of 100 cuts of
        # code that never sleeps, ~30,000), and below `max_steps`, so that a livelock is
        # reported as one rather than as a run that does not finish.
        self.max_steps_per_instant = max_steps_per_instant
        self.steps = 0
        self._now = 0.0
        self._rng = random.Random(seed) if seed is not None else None
        self._task_numbers = itertools.count(1)
        # How many tasks were made on this loop (the scenario's own included): a failure of
        # a scenario that ran alone has no schedule worth drawing (see _runner._run_one).
        self.tasks_made = 0
        # Pending timers as (when, sequence, _Timer, _TIMER), or for a sleep
        # (when, sequence, its future, its result): equal times fire in the
        # order they were scheduled.
        self._timers: list[tuple[float, int, Any, Any]] = []
        self._timer_numbers = itertools.count()
        # Cancellation injection: identity(task) -> the suspension after which to cancel it. Every
        # table of tasks here and in a run's ledger is keyed by identity (`_identity`), never by the
        # task: a dict consults a key's class for its hash and ==, and a solution's Task subclass
        # could answer as another task.
        self._cancel_plan: dict[int, float] = {}
        self._suspensions: Counter[int] = Counter()
        # Tasks whose count takes in the suspensions of the tasks they await (see `cancel_at`),
        # identity(task) -> task.
        self._awaiting: dict[int, asyncio.Task] = {}
        # When a cancel plan cancelled each task (virtual seconds): see `cancelled_at`.
        self._fired: dict[int, float] = {}
        # Every task these tables name, kept alive: a key is an address, and a task collected
        # would hand its plan and counts to the next task made there.
        self._kept: list[asyncio.Task] = []
        # Tasks whose own steps are counted (see `Simulation.own_steps`), identity(task) -> task,
        # and their counts: outside a check process, only the task's own steps.
        self._step_roots: dict[int, asyncio.Task] = {}
        self._owned_steps: Counter[int] = Counter()
        # Deques watched outside a check process (`Simulation.deque`): [deque, name, snapshot]
        # entries, and the trace their takes are filed in (in a check process: the ledger's).
        self._watched: list[list] = []
        self._watch_trace: Any = None
        # Sleeps under way outside a check process, identity(future) -> (future, sleeper, delay), noted
        # once a Simulation traces sleeps into `_sleep_trace` (in a check process: the ledger's).
        self._sleepers: dict[int, tuple] = {}
        self._sleep_trace: Any = None
        # The trace each loop step is filed in once a Simulation traces steps outside a check process.
        self._step_trace: Any = None
        # While not None, (start, end) in virtual seconds: time moves on in leaps (see
        # Simulation.let_time_pass; in a check process the ledger's `leap`); start -inf: half the
        # time left at each move.
        self._leap: tuple[float, float] | None = None
        # Every Lock.acquire and sleep makes a future: a partial of the C
        # Future skips the base class's Python-level create_future. Not in a check
        # process, where the class's method is sealed (see _sealed) and this is not set.
        with contextlib.suppress(AttributeError):
            self.create_future = functools.partial(asyncio.Future, loop=self)

    # --- clock ----------------------------------------------------------
    def time(self) -> float:
        # In a check process's run, the run's own clock: `_now` is only a copy a solution can
        # set (to an object that compares as it likes), which the checks never read.
        ledger = _trace.find_ledger(_getframe())
        return ledger.now if ledger is not None else self._now

    def _clock_and_timers(self, caller) -> tuple[float, list, Any, float, Any]:
        """(now, the timer heap, its numbering, the tick, the ledger): in a check process's run, the
        ledger's (see `_run_once`), to the harness's own code only (`caller`, its frame: see
        `_trace.find_ledger_for`); else the loop's own, and None. (The ledger numbers its heap's
        entries: `loop._timer_numbers` is a solution's to replace, and a number of its own that says
        it equals another entry's makes the heap compare the two timers themselves, TimerHandle.__eq__:
        callback and args, item by item, which handed a sweep's cut timer's arguments to a solution's
        object: red-team pass 84.)"""
        ledger = _trace.find_ledger_for(_getframe(), caller)
        if ledger is not None:
            return ledger.now, ledger.timers, ledger.timer_numbers, ledger.tick, ledger
        return self._now, self._timers, self._timer_numbers, self.tick, None

    def call_later(self, delay, callback, *args, context=None):
        delay = _seconds(delay, "delay")
        # call_at inlined: asyncio.sleep comes through here on every call.
        now, timers, numbers, tick, ledger = self._clock_and_timers(_getframe())
        if delay < tick:
            delay = tick  # a timer due now (or earlier) fires one tick later, as on a real clock
        when = now + delay
        if callback is _wake_sleeper and len(args) == 2 and _getframe(1).f_code is _SLEEP_CODE:
            # asyncio.sleep(delay, result): its timer is its future. When due,
            # the loop sets the result unless the future is done (cancelled);
            # sleep only ever calls `.cancel()` on what we return, which on
            # the future is the same no-op or cancellation. No handle to build.
            # (Only asyncio.sleep's own timer: the same callback set by a solution, on a
            # future or an object of its own, runs as a callback, in a step the checks count.)
            future, result = args
            heapq.heappush(timers, (when, next(numbers), future, result))
            if ledger is not None:
                if ledger.sleeps_traced:  # (who sleeps: the task acting now, as for any event)
                    sleeper = ledger.acting if ledger.acting is not None else ledger.behalf
                    ledger.sleepers[identity(future)] = (future, sleeper, delay)
            elif self._sleep_trace is not None:
                self._sleepers[identity(future)] = (future, asyncio.current_task(self), delay)
            return future
        timer = _Timer(when, callback, args, self, context)
        heapq.heappush(timers, (when, next(numbers), timer, _TIMER))
        if ledger is not None:
            _on_behalf(timer, callback, ledger)
        return timer

    def call_soon(self, callback, *args, context=None, _getframe=_getframe):
        # As BaseEventLoop.call_soon, minus the debug-mode checks: every task
        # wake-up comes through here. In a check process's run the ready queue is the
        # ledger's (see `_run_once`): `loop._ready` is where a solution could take a
        # task's step out, or hold it back for later, unseen.
        handle = _Soon(callback, args, self, context)
        ledger = _trace.ask_ledger(_getframe())
        if ledger is None:
            self._ready.append(handle)
        else:
            ledger.ready.append(handle)
            if ledger.acting is not None or ledger.behalf is not None:
                _on_behalf(handle, callback, ledger)
        return handle

    def call_soon_threadsafe(self, callback, *args, context=None):
        # From the loop's own thread, as call_soon (asyncio's goes straight to `_ready`, where the
        # run would not know which task scheduled the callback); from another thread, asyncio's.
        if self._thread_id == threading.get_ident():
            return VirtualTimeLoop.call_soon(self, callback, *args, context=context)
        return asyncio.BaseEventLoop.call_soon_threadsafe(self, callback, *args, context=context)

    def call_at(self, when, callback, *args, context=None):
        # The base class's version minus its debug and closed-loop checks
        # (this loop is never in debug mode): timers are on every hot path.
        when = _seconds(when, "when")
        now, timers, numbers, tick, ledger = self._clock_and_timers(_getframe())
        if when < now + tick:
            # Due now or already past: one tick later, as on a real clock, where time has
            # moved on by the time the timer is looked at. (Without this, a timer set for
            # "now" that sets itself again for "now" would hold virtual time still forever.)
            when = now + tick
        timer = _Timer(when, callback, args, self, context)
        heapq.heappush(timers, (when, next(numbers), timer, _TIMER))
        if ledger is not None:
            _on_behalf(timer, callback, ledger)
        return timer

    # --- tasks ----------------------------------------------------------
    def create_task(self, coro, *, name=None, context=None, _getframe=_getframe):
        # asyncio names tasks from a process-wide counter ("Task-4711"), which
        # would make traces differ between runs; number them per loop instead.
        self.tasks_made += 1
        if name is None and _getframe(1).f_code in _NAMED_AFTER:
            # Before 3.13, asyncio.create_task and TaskGroup.create_task make the task unnamed and
            # name it just after: take that name now, so a task is filed, reported and numbered
            # the same on every Python (else "waiter-1" on 3.12 and "waiter" on 3.13, and the
            # tasks made later numbered one higher).
            name = _getframe(1).f_locals.get("name")
        if name is not None:
            # As a string, on every Python: 3.13's tasks keep the object they were named with
            # (a list, or an object whose hash changes), which the checks' tables could not file;
            # exactly a str (`str()` hands back a str subclass an object's `__str__` returns).
            name = str.__str__(str(name))
        else:
            name = f"{getattr(coro, '__name__', 'task')}-{next(self._task_numbers)}"
        task_class = VirtualTimeLoop.task_class  # the class's: an attribute set on the loop is not read
        if task_class is asyncio.Task:
            return asyncio.BaseEventLoop.create_task(self, coro, name=name, context=context)
        # A check process's tasks (see _sealed): made here, never by a task factory a
        # solution may have set on the loop.
        self._check_closed()
        task = task_class(coro, loop=self, name=name, context=context)
        if task._source_traceback:
            del task._source_traceback[-1]
        # The run's ledger keeps every task, so the runner can tell one that ended from one
        # marked done from outside (see _runner._ended_from_outside).
        ledger = _trace.ask_ledger(_getframe())
        if ledger is not None:
            ledger.tasks.append(task)
            # Made for the tests (by test code, or the runner), not by a solution: see _trace.genuine.
            maker = _getframe(1)
            if _trace.genuine(ledger, maker):
                ledger.genuine.add(identity(task))
            maker = None
            # Events name the task as it was named now, unless the test has named a task so in this run:
            # names tell the test's tasks apart in its checks (`working_for="call-3"`, a look by "worker-0"),
            # and a task of the solution's named after one of them would pass for it (red-team pass 64).
            name = unclaimed_name(ledger, name)
            ledger.names[identity(task)] = name
            ledger.name_holders.setdefault(name, []).append(task)
            # Whose step started it; in a plain callback, the task whose step (or callback, and so
            # on) scheduled that callback (None: nobody's, a callback of the run's own).
            ledger.creators[identity(task)] = (task, ledger.acting if ledger.acting is not None else ledger.behalf)
        return task

    def _plans(self, caller) -> tuple[dict, Counter, dict, list]:
        """(cancel plan, suspension counts, tasks counted with what they await, the list that
        keeps the tasks they name alive), keyed by identity(task): in a check process the run's
        ledger's (see `_trace`), which no object a solution holds leads to, handed only to the
        harness's own code (`caller`, its frame: see `_trace.find_ledger_for`) on behalf of test code
        (`_trace.asked_by_tests`: a solution's task that read its own count learned whether the test
        planned to cancel it, and bailed out before the cuts that mattered: red-team pass 73, route
        `p01_planned_target_bails_out`); else this loop's own, which a check process's run never reads."""
        ledger = _trace.find_ledger_for(_getframe(), caller)
        if ledger is not None and _trace.asked_by_tests(ledger, caller, through_asyncio=False):
            return ledger.plan, ledger.suspensions, ledger.awaiting, ledger.alive
        return self._cancel_plan, self._suspensions, self._awaiting, self._kept

    def cancel_at(self, task: asyncio.Task, suspension: int) -> None:
        """Cancel `task` right after its `suspension`-th suspension point (1 = first await that yields).

        The points counted are those of the work `task` does, in the tasks it awaits too
        (`await child_task`, `asyncio.gather(...)`, a TaskGroup it waits on at the end of its
        `async with`): a step of such a task, awaited by `task` (at any depth), that ends with
        it suspended is one more suspension point of `task`, and the cancellation of `task`
        that comes there reaches it, as asyncio passes a cancellation on to the task awaited.
        A suspension in which a task awaits a task that is about to take a step (one just
        made, say) is no point of its own: the awaited task's step ends at the next one. For
        a task that awaits no task, these are its own suspensions. `suspensions(task)` then
        counts the same points."""
        if suspension < 1:
            raise ValueError("suspension counts from 1")
        plan, _counts, awaiting, kept = self._plans(_getframe())
        if plan is not self._cancel_plan and plan.get(identity(task), math.inf) != math.inf:
            # A check process's run: the plan is the test's, set once (a sweep's `Cut.spare` withdraws
            # it by its own way). A solution's C callable run by test code (a class attribute that is a
            # `functools.partial`) had only test frames above it, and could re-plan the test's cut.
            raise RuntimeError("this task is already planned to be cancelled: a run's cancel plan is set once, "
                               "by the test")
        kept.append(task)
        plan[identity(task)] = suspension
        awaiting[identity(task)] = task

    def cancelled_at(self, task: asyncio.Task) -> float | None:
        """The virtual time (seconds) at which `cancel_at`'s plan cancelled `task` (right after
        its planned suspension point), or None if it did not (yet): in a check process, the run's
        ledger's record."""
        own = _getframe()  # (dropped before returning: see _trace.find_ledger)
        ledger = _trace.find_ledger(own)
        if ledger is not None and not _trace.asked_by_tests(ledger, own, through_asyncio=False):
            ledger = None
        own = None
        return (ledger.fired if ledger is not None else self._fired).get(identity(task))

    def suspensions(self, task: asyncio.Task) -> int:
        """How many times `task` has suspended so far (counted only for tasks with a cancel
        plan, or whose suspensions are counted: see `count_suspensions`; for a task with a
        cancel plan, or counted with `awaited=True`, the points of the tasks it awaits too:
        see `cancel_at`)."""
        return self._plans(_getframe())[1][identity(task)]

    def count_suspensions(self, task: asyncio.Task, *, awaited: bool = False) -> int:
        """Count `task`'s suspensions from now on (never cancelling it); return the count so far.

        A traced list calls this on every read and write, so a check can tell
        whether a task gave control to the loop between two of its accesses.
        A task with a cancel plan is counted already and keeps its plan. With
        `awaited`, the count is of the points `cancel_at` counts (those of the tasks
        `task` awaits too), the run that tells a sweep how many there are.
        """
        plan, counts, awaiting, kept = self._plans(_getframe())
        key = identity(task)
        if key not in plan:
            kept.append(task)
            plan[key] = math.inf
        if awaited:
            awaiting[key] = task
        return counts[key]

    def run_in_executor(self, executor, func, *args):
        # No threads in the checks (a thread would run outside virtual time, the schedule and the
        # ledger): `asyncio.to_thread(fn)` or `loop.run_in_executor(None, fn)` runs `fn` here, at
        # once, and its future gets what it returned or raised as a thread's would, later: after
        # the seconds `fn` asked `time.sleep` for (virtual time: see _isolation), and never in
        # the same step, so the caller suspends there as it does on a real loop (a cancellation
        # point; other tasks run meanwhile: red-team pass 39 found bugs hidden behind such awaits,
        # and a blocking call there taken for one in async code).
        # (A blocking call such as a health check belongs in a thread in a real program, as the
        # notebooks teach: red-team pass 36 found a correct pool doing so lost every point.)
        future = asyncio.Future(loop=self)
        result, error, seconds = _run_here(func, args, {})
        if seconds > 0:
            self.call_later(seconds, _settle, future, result, error)
        else:
            self.call_soon(_settle, future, result, error)
        return future

    def _write_to_self(self) -> None:
        # call_soon_threadsafe wakes a loop blocked in select(); this loop never blocks.
        pass

    def _process_events(self, event_list) -> None:  # pragma: no cover - no I/O
        pass

    # --- the scheduler --------------------------------------------------
    def _run_once(self) -> None:
        # BaseEventLoop.run_forever calls this once per iteration; we loop
        # here until stop() instead, which saves a call per step (this is
        # the hot path of every check). The step count is a local while we
        # loop, written back however we leave.
        ready, timers = self._ready, self._timers
        # The schedule's state is bound here, where a solution cannot reach it: the seeded
        # generator leaves the loop for the run (its `shuffle` could be shadowed, its state
        # read or reset), and in a check process the cancel plan, the suspension counts, the
        # timer heap (whose entries a solution could reorder or move), the ready queue (from
        # which it could take a task's step, to run it later as a timer of its own) and the
        # clock are the ledger's (see _trace). `self._now` is then a copy: a change to it fails
        # the run; what lands in `self._ready` (before the run, or from asyncio's own
        # call_soon_threadsafe) is moved to the ledger's queue.
        ledger = _trace.find_ledger(_getframe())
        public = ready if type(ready) is _deque else _deque()
        if ledger is not None:
            timers, ready = ledger.timers, ledger.ready
        rng, self._rng = self._rng, None
        getrandbits = rng.getrandbits if rng is not None else None
        if ledger is not None:
            ledger.rng = rng  # (a sweep replays the schedule from the generator's state: see _cancellation)
            plan, counts, awaiting, fired = ledger.plan, ledger.suspensions, ledger.awaiting, ledger.fired
        else:
            plan, counts, awaiting, fired = self._cancel_plan, self._suspensions, self._awaiting, self._fired
        due = ledger.due_cuts if ledger is not None else {}  # a sweep's cuts due later (see _cut)
        now = self._now
        heappop = heapq.heappop
        roots, owned = self._step_roots, self._owned_steps  # (see own_steps; a check process counts in _after)
        watched = self._watched  # (see Simulation.deque; a check process watches in _after)
        sleepers = ledger.sleepers if ledger is not None else self._sleepers  # (see Simulation.trace_sleeps)
        # The run's bounds: in a check process the ledger's, which the runner set and only the
        # harness changes (a sweep gives each trial more steps, see _cancellation; winding down
        # gives leftovers some), read at each step. The loop's own `max_steps`, `max_time` and
        # `max_steps_per_instant` are then only copies: a solution holds the loop
        # (`asyncio.get_running_loop()`) and could raise them to hide a livelock.
        bounds = ledger if ledger is not None else self
        steps = ledger.steps if ledger is not None else self.steps
        instant_limit = steps + bounds.max_steps_per_instant  # moves on with virtual time
        alive, looked = [], 0  # the run's tasks not seen done, and how many of ledger.tasks are in it (see _stranded)
        try:
            while not self._stopping:
                self.steps = steps  # live, for a check that counts steps (sim.steps())
                if ledger is not None:
                    ledger.steps = steps
                    if public:  # put there before the run, or by asyncio's own call_soon_threadsafe
                        ready.extend(public)
                        public.clear()
                if self._now is not now:  # identity: an object of the solution's compares as it likes
                    if ledger is not None:
                        ledger.changed.append("the loop's clock (loop._now)")
                    self._now = now
                if not ready:
                    while timers and _is_dead(timers[0]):
                        at, _, item, result = heappop(timers)
                        if ledger is not None and result is not _TIMER and at > now \
                                and not asyncio.Future.cancelled(item):
                            # A sleep's future resolved before its timer: only a solution's code does that
                            # (a sleep stepped by hand, whose sealed check never runs: see _ended_early).
                            ledger.changed.append("a sleep (its future resolved before its time, from outside)")
                    if not timers:
                        raise Stuck()
                    when = timers[0][0]
                    if when > bounds.max_time:
                        raise OutOfTime()
                    if when > now:
                        leap = ledger.leap if ledger is not None else self._leap
                        if leap is not None and when < leap[1]:
                            # Leaping (see Simulation.let_time_pass): a quarter of the time since the
                            # leaps began passes (all of it once start is -inf), and every timer due
                            # meanwhile fires late; never more than half the way to the end, so no timer
                            # is made to fire at the very moment the test's own wait ends (the moment
                            # it looks).
                            start, end = leap
                            when = max(when, min(now + (now - start) / 4, (now + end) / 2))
                        if ledger is not None:
                            outside = outside_wakers(ledger.own_threads)
                            if outside:
                                raise WokenFromOutside(outside)
                            if len(ledger.tasks) > looked:
                                alive.extend(ledger.tasks[looked:])
                                looked = len(ledger.tasks)
                            _stranded(alive, ledger)
                        self._now = now = when
                        instant_limit = steps + bounds.max_steps_per_instant
                        if ledger is not None:
                            ledger.now = now

                while timers and timers[0][0] <= now:
                    _, _, item, result = heappop(timers)
                    if result is _TIMER:
                        if not item._cancelled:
                            ready.append(item)
                    elif not item.done():
                        # An expired asyncio.sleep: resolving its future now only
                        # schedules the sleeper, which then takes its seeded turn
                        # among the ready callbacks (one step instead of two).
                        item.set_result(result)
                        if sleepers:
                            _slept(item, sleepers, ledger, self._sleep_trace)
                if ledger is not None and ledger.cancel_when_done:
                    _cancel_woken(ledger)  # a sleeper armed by cancel_when_woken is cancelled before it runs
                if ledger is not None and ledger.due_cuts:
                    _deliver_woken(ledger, now)  # a sweep's target whose sleep ended before its cut came

                # Run the callbacks ready now (not those they schedule), in an
                # order drawn from the seed.
                if len(ready) == 1 and not plan:
                    # The common case (one task runnable), kept lean: written out
                    # here rather than shared with the batch path below, whose
                    # loop and checks cost ~5% of a lock-contention check.
                    if steps >= bounds.max_steps:
                        raise OutOfSteps()
                    if steps >= instant_limit:
                        raise TimeStandsStill()
                    steps += 1
                    handle = ready.popleft()
                    if not handle._cancelled:
                        if ledger is not None:
                            acting = _acting(handle, ledger)
                        try:
                            handle._context.run(handle._callback, *handle._args)
                        except (SystemExit, KeyboardInterrupt):
                            raise
                        except BaseException as exc:
                            VirtualTimeLoop._report(self, handle, exc)  # (the class's: see _report)
                        finally:  # (also when SystemExit ends the run: that task ended in its own step)
                            if ledger is not None:
                                _after(acting, ledger)
                            else:
                                if roots:
                                    _own_step(handle, roots, owned)
                                if watched:
                                    _watch_step(handle, watched, self._watch_trace)
                                if self._step_trace is not None:
                                    _file_step(handle, self._step_trace, roots)
                        if plan or due:  # the step itself may have started counting this task (a traced read)
                            _after_step(handle, plan, counts, awaiting, fired, now, ledger)
                    continue
                if len(ready) == 1:
                    batch = (ready.popleft(),)
                else:
                    batch = list(ready)
                    ready.clear()
                    if getrandbits is not None:
                        _shuffle(batch, getrandbits)
                if steps + len(batch) > bounds.max_steps:
                    ready.extendleft(reversed(batch))
                    raise OutOfSteps()
                if steps >= instant_limit:
                    ready.extendleft(reversed(batch))
                    raise TimeStandsStill()
                steps += len(batch)
                for handle in batch:
                    if handle._cancelled:
                        continue
                    if ledger is not None:
                        acting = _acting(handle, ledger)
                    try:
                        handle._context.run(handle._callback, *handle._args)
                    except (SystemExit, KeyboardInterrupt):
                        raise
                    except BaseException as exc:
                        VirtualTimeLoop._report(self, handle, exc)  # (the class's: see _report)
                    finally:
                        if ledger is not None:
                            _after(acting, ledger)
                        else:
                            if roots:
                                _own_step(handle, roots, owned)
                            if watched:
                                _watch_step(handle, watched, self._watch_trace)
                            if self._step_trace is not None:
                                _file_step(handle, self._step_trace, roots)
                    if plan or due:
                        _after_step(handle, plan, counts, awaiting, fired, now, ledger)
        finally:
            self.steps = steps
            if ledger is not None:
                ledger.steps = steps
            self._rng = rng

    def _report(self, handle: asyncio.Handle, exc: BaseException) -> None:
        # What Handle._run does with an exception: report it, keep the loop going. Called
        # through the class: an attribute `_report` set on the loop is not called.
        VirtualTimeLoop.call_exception_handler(self, {"message": f"Exception in callback {handle._callback!r}",
                                                      "exception": exc, "handle": handle})

    def call_exception_handler(self, context: dict) -> None:
        # In a check process's run, an error reported on the loop (a callback that raised, a
        # task's exception never retrieved) goes to the run's ledger first, which the runner
        # reads: the loop's handler is the loop's data (`set_exception_handler`, or the list a
        # handler appends to, reached through its closure), which a solution can replace or
        # empty. A copy: the handler is handed the context and may change it. The handler is
        # then called as on any loop.
        ledger = _trace.find_ledger(_getframe())
        if ledger is not None:
            ledger.errors.append(dict(context))
        asyncio.BaseEventLoop.call_exception_handler(self, context)


def _on_behalf(handle: asyncio.Handle, callback: Any, ledger) -> None:
    """Note that the plain callback `handle` was scheduled by the task acting now (or on behalf
    of the task that scheduled the callback running now): a task it makes is that task's work
    (`ledger.creators`, `Trace.select(working_for=...)`): a solution's work handed to a task
    that a `loop.call_soon` callback makes is still its own. Keyed by identity, the handle kept: a
    TimerHandle's hash and equality are its fields'."""
    owner = ledger.acting if ledger.acting is not None else ledger.behalf
    if owner is None:
        return
    task = _task_of(callback)
    if task is None:
        ledger.behalf_of[identity(handle)] = (handle, owner)
    elif type(callback) is _TASK_STEP and task is not owner and identity(task) not in ledger.creators:
        # A task's first step, scheduled as it is made: its maker, however it was made
        # (`asyncio.Task(coro, loop=loop)` and `BaseEventLoop.create_task` skip this loop's create_task).
        ledger.creators[identity(task)] = (task, owner)


def _reschedule(self, when, _original=asyncio.timeouts.Timeout.reschedule) -> None:
    # asyncio.Timeout.reschedule (asyncio.timeout, and wait_for since 3.12), on this loop a timeout
    # due now or already past fires one tick later, as call_at's timers do: asyncio hands it to
    # call_soon, at the same virtual instant, where a deadline a float remainder short of now
    # (0.06 + 2.2e-18 == 0.06) expired again and again without time moving on, a livelock a real
    # clock never shows (red-team pass 42). On any other loop, asyncio's own.
    if when is not None:
        loop = asyncio.events._get_running_loop()
        if isinstance(loop, VirtualTimeLoop):
            now = loop.time()
            if when <= now:
                when = math.nextafter(now, math.inf)  # (call_at then sets it one tick after now)
    _original(self, when)


_reschedule.__doc__ = asyncio.timeouts.Timeout.reschedule.__doc__
asyncio.timeouts.Timeout.reschedule = _reschedule


def _acting(handle: asyncio.Handle, ledger) -> asyncio.Task | None:
    """Note in the ledger which task the callback `handle` is about to run is a step of (None
    for a plain callback): what `asyncio.current_task()` answers in a check process. See
    `_task_of`: a handle's `_callback` can be set by a solution, its task cannot."""
    task = _task_of(handle._callback)
    ledger.acting = task
    if task is None:  # a plain callback: on behalf of the task that scheduled it, if one did
        entry = ledger.behalf_of.pop(identity(handle), None)
        ledger.behalf = entry[1] if entry is not None and entry[0] is handle else None
    else:
        # The run's own record of its tasks (see _runner._tasks_of_run): asyncio's set of
        # them, which `asyncio.all_tasks` reads, is module data any code can edit
        # (`asyncio.tasks._unregister_task(task)`); a task made without `create_task`
        # (`asyncio.Task(coro, loop=loop)`) is known from its first step. Keyed by identity: a
        # task's own hash and equality are its class's.
        ledger.stepped[identity(task)] = task
    return task


def _owned_by(owner: asyncio.Task | None, ledger) -> asyncio.Task | None:
    """A step was just run as `owner`'s (a task's own step, or a callback scheduled on its behalf):
    count it for the task `Simulation.own_steps` watches that `owner` is, or that started it (at any
    depth: `ledger.creators`), if that task has not ended before this step (the step that ends it is its
    own; what the tasks it started run after it ended is not). The watched task it was counted for, or None."""
    roots, creators, finished = ledger.step_roots, ledger.creators, ledger.finished
    for _ in range(100_000):  # (a chain of makers: each made before the task it made; bounded all the same)
        if owner is None:
            return None
        key = identity(owner)
        if key in roots:
            if key not in finished:
                ledger.owned_steps[key] += 1
                return roots[key]
            return None
        entry = creators.get(key)
        owner = entry[1] if entry is not None else None
    return None


def _own_step(handle: asyncio.Handle, roots: dict, owned: Counter) -> None:
    """Outside a check process (no ledger, no record of who made a task): a step of a task whose
    steps are counted (see `Simulation.own_steps`) is counted, its own steps only."""
    task = _task_of(handle._callback)
    if task is not None and identity(task) in roots:
        owned[identity(task)] += 1


def unclaimed_name(ledger, name: str) -> str:
    """`name`, or `name #k` (the first k from 2 that no task has) if the test has named a task `name`
    in this run (`Simulation.spawn`): what a task of the solution's is filed under."""
    if name not in ledger.test_names:
        return name
    k = 2
    while f"{name} #{k}" in ledger.name_holders or f"{name} #{k}" in ledger.test_names:
        k += 1
    return f"{name} #{k}"


def claim_name(ledger, task: asyncio.Task, name: str, _done=asyncio.Future.done) -> None:
    """The test spawned `task` as `name` (`Simulation.spawn`, from test code): it is filed under `name`
    itself, and any task of the solution's still running under that name is filed under another from now
    on (`unclaimed_name`); its events so far, made before the test's task existed, keep theirs. Tasks the
    test spawned under one name share it."""
    ledger.test_names.add(name)
    ledger.test_spawned.add(identity(task))
    for other in list(ledger.name_holders.get(name, ())):
        if other is not task and identity(other) not in ledger.test_spawned and not _done(other):
            remove_identical(ledger.name_holders[name], other)
            renamed = unclaimed_name(ledger, name)
            ledger.names[identity(other)] = renamed
            ledger.name_holders.setdefault(renamed, []).append(other)
    filed = ledger.names[identity(task)]  # (create_task filed it: `name #k` if the test used `name` before)
    if filed != name:
        remove_identical(ledger.name_holders[filed], task)
        ledger.names[identity(task)] = name
        ledger.name_holders.setdefault(name, []).append(task)


def _file_step(handle: asyncio.Handle, trace: Any, roots: dict) -> None:
    """Outside a check process: file the step `handle` ran as a `_trace.STEP` event of its task's
    (no record says on whose behalf a plain callback runs there: "main"), whose detail is its task's
    name if `Simulation.own_steps` counts that task's steps (there: its own steps only), else None."""
    task = _task_of(handle._callback)
    owned = task is not None and identity(task) in roots
    trace.record(_trace.LOOP, _trace.STEP, task.get_name() if owned else None,
                 task=task if task is not None else "main")


def _cancel_woken(ledger, _cancel_if_first_woken=_cancellation.cancel_if_first_woken) -> None:
    """The tasks armed by `cancel_when_woken` that have been woken since (after a step, or after
    the timers due now were resolved: a sleep ended) are cancelled now, before they run again."""
    for entry in list(ledger.cancel_when_done):
        victim, waiter, arming = entry  # arming: which of its tasks were woken already (_cancellation.Arming)
        if asyncio.Future.done(waiter):  # however: a result, an exception, cancelled (woken all the same)
            remove_identical(ledger.cancel_when_done, entry)
            _cancel_if_first_woken(victim, arming, waiter)  # (bound at import: see find_ledger)


def _slept(future: asyncio.Future, sleepers: dict, ledger, trace: Any, _add=_trace._add) -> None:
    """A traced sleep ran its course (its timer fired, `future` resolved now): filed as a
    `_trace.SLEPT` event of its sleeper's, in the run's ledger, else in `trace`, if the sleeper
    (the task whose step called asyncio.sleep) is awaiting `future` itself as it resolves, so
    the tasks awaiting the sleeper are the ones it slept for. A sleep nobody awaits (its
    coroutine stepped by hand, `sleep(d).send(None)`, by a task that then goes on with other
    things) was no task's: not filed (red-team pass 63)."""
    entry = sleepers.pop(identity(future), None)
    if entry is None or entry[0] is not future:
        return
    _, sleeper, delay = entry
    if _waiter(sleeper) is not future:  # (None for anything but a task: no sleeper, a plain callback's)
        return
    if ledger is not None:
        _add(ledger, _trace.SLEEPS, _trace.SLEPT, sleeper, delay, None)
    elif trace is not None:
        trace.record(_trace.SLEEPS, _trace.SLEPT, delay, task=sleeper)


def _watch_step(handle: asyncio.Handle, watched: list, trace: Any,
                _note_takes=_watched.note_takes) -> None:
    """Outside a check process: file what the step `handle` took from each watched deque (see
    `Simulation.deque`) in `trace`, as the work of the task the step was (None: a plain callback)."""
    task = _task_of(handle._callback)
    for name, kind, item in _note_takes(watched):
        trace.record(name, kind, item, task=task)


def _after(task: asyncio.Task | None, ledger, _owned_by=_owned_by, _cancel_woken=_cancel_woken,
           _note_takes=_watched.note_takes, _add=_trace._add, _filed_name=_trace.filed_name) -> None:
    """After a step: a task done now ended in its own step (see _runner._ended_from_outside),
    at this virtual time (`Simulation.ended_at`); a task to cancel once the future it awaited
    completes (`cancel_when_woken`) is cancelled now, woken but not yet running. A step of a task
    whose own steps are counted (`Simulation.own_steps`), or of its work, is counted. What the
    step took from each watched deque (`Simulation.deque`) is filed as the acting task's, and,
    once the run traces steps (`Simulation.trace_steps`), the step itself, whose detail names the
    watched task it was counted for (None if none)."""
    if ledger.watched:
        acting = task if task is not None else ledger.behalf
        for name, kind, item in _note_takes(ledger.watched):
            _add(ledger, name, kind, acting, item, None)
    root = _owned_by(task if task is not None else ledger.behalf, ledger) if ledger.step_roots else None
    if ledger.steps_traced:
        _add(ledger, _trace.LOOP, _trace.STEP, task if task is not None else ledger.behalf,
             _filed_name(ledger, root) if root is not None else None, None)
    ledger.acting = ledger.behalf = None
    if task is not None and asyncio.Future.done(task) and identity(task) not in ledger.finished:
        ledger.finished[identity(task)] = ledger.now
    if ledger.cancel_when_done:
        _cancel_woken(ledger)
    if ledger.due_cuts:
        _deliver_woken(ledger, ledger.now)


def _after_step(handle: asyncio.Handle, plan: dict, counts: Counter, awaiting: dict, fired: dict,
                now: float, ledger=None) -> None:
    # (The tables are keyed by identity(task): see VirtualTimeLoop.__init__.)
    task = _task_of(handle._callback)  # (a task's own step or wake-up only: see _acting)
    if task is None:
        return
    if ledger is not None and ledger.due_cuts:
        _deliver_due(ledger, now, task)
    if awaiting:
        _count_for_awaiting(task, plan, counts, awaiting, fired, now, ledger)
    key = identity(task)
    if key not in plan:
        return
    if asyncio.Future.done(task):
        del plan[key]
        awaiting.pop(key, None)
        return
    if key in awaiting and _hands_on(task):
        return  # it waits for a task about to take a step: that step ends at its next point
    counts[key] += 1
    if ledger is not None and key in awaiting:  # a sweep's target: where, after how many of the run's events, when
        ledger.sites.setdefault(key, []).append((suspended_at(task), len(ledger.events), now))
    if counts[key] >= plan[key]:
        del plan[key]
        awaiting.pop(key, None)
        _cut(task, key, fired, now, ledger)


def _count_for_awaiting(task: asyncio.Task, plan: dict, counts: Counter, awaiting: dict, fired: dict,
                        now: float, ledger=None) -> None:
    """`task` took a step: if it ended suspended (and not handing on to a task about to run),
    it is a suspension point of each task in `awaiting` that awaits it, at any depth (see
    `VirtualTimeLoop.cancel_at`): counted, and that task cancelled if its plan says so."""
    if asyncio.Future.done(task) or _hands_on(task):
        return
    for key, owner in list(awaiting.items()):
        if owner is task:
            continue
        if asyncio.Future.done(owner) or key not in plan:
            del awaiting[key]
            continue
        if _awaits(owner, task):
            counts[key] += 1
            if ledger is not None:  # (the owner's way down to the task it awaits, then that task's)
                way = suspended_at(owner) + suspended_at(task)
                ledger.sites.setdefault(key, []).append((way, len(ledger.events), now))
            if counts[key] >= plan[key]:
                del plan[key]
                del awaiting[key]
                _cut(owner, key, fired, now, ledger)


def _cut(task: asyncio.Task, key: int, fired: dict, now: float, ledger) -> None:
    """`task` has reached the suspension its cancel plan names: cancel it now, or, for a sweep's
    cut given a landing (check process only: `ledger.landings`, see _cancellation.Landing), from a
    timer at the time it gives, while it is still suspended there: a timer, as a
    deadline's is, so that the loop's step count moves as it does for one (a cut made between two
    callbacks was told apart by `loop.steps`: red-team pass 79, routes `pNN_sweep_nothing_else_ran`)."""
    landing = ledger.landings.pop(key, None) if ledger is not None else None
    # Where the loop knows how long this suspension will last (a sleep: its timer is in the heap), the cut
    # lands as this run times it, not as another run did: a call that made its own wait longer, or shorter,
    # in a run whose task's name it had not seen before (a sweep's first trial, its cut's lag drawn from
    # the last sweep's uncut run or a guess) had the cut land where it was careful, or as it was woken
    # (red-team pass 93, routes `p08_fresh_pause_longer`, `p08_fresh_cut_as_woken`: +5 each).
    when = now
    if landing is not None:
        landing.start, landing.woken = now, None
        waiter = _waiter(task)
        if waiter is None:  # (a bare yield, `sleep(0)`: it runs again at once, so now is the only time there is)
            landing.lag = 0.0
        else:
            when = landing.when(now, _sleep_left(waiter, ledger, now))
    if when > now:
        # The timer holds no ledger: a callback that raises hands its handle, and so its arguments,
        # to the loop's exception handler, a solution's to set (a task awaiting a future of its own
        # whose cancel() raises). `token` tells this cut's timer from any other a solution makes with
        # `_cut_due` as its callback; once the cut is due or withdrawn it is no one's.
        token = object()
        timer = _Timer(when, _cut_due, (task, key, token), ledger.loop, None)
        # (Numbered by the ledger, below the run's other numbers: see VirtualTimeLoop.call_at.)
        heapq.heappush(ledger.timers, (when, next(ledger.cut_numbers), timer, _TIMER))
        # (With the task's count of cancellation requests now: one made since is a cancellation that
        # may end a sleep early, see _ended_early.)
        ledger.due_cuts[key] = (task, timer, token, landing, asyncio.Task.cancelling(task))
        return
    fired[key] = now
    asyncio.Task.cancel(task)


def _cut_due(task: asyncio.Task, key: int, token: object) -> None:
    """The timer of a sweep's cut (see `_cut`): cancel `task`, unless it is done. Only as that very
    timer, run by the loop (the run's ledger, found from the loop's frame, holds its `token`)."""
    ledger = _trace.find_ledger_for(_getframe(), _getframe(1))
    entry = ledger.due_cuts.get(key) if ledger is not None else None
    if entry is None or entry[2] is not token:
        return
    del ledger.due_cuts[key]
    if not asyncio.Future.done(task):
        ledger.fired[key] = ledger.now
        asyncio.Task.cancel(task)


def _sleep_left(waiter: asyncio.Future, ledger, now: float) -> float | None:
    """Virtual seconds until the timer of the asyncio.sleep whose future `waiter` is (the future a task
    awaits) is due, else None (a sleep's future resolved sooner by other code fails the check: see
    `_ended_early` and `_sealed.sleep`). Only a sleep's own timer (filed by `call_later` from asyncio.sleep's code): until
    red-team pass 95 a timer whose callback was any bound method of the awaited future counted too, and
    a call that filed one of its own, `loop.call_later(10, future.done)`, set where every cut landed
    (P01 +2, P02 +1, P04 +3, P07 +5, P08 +5, P09 +4)."""
    for due, _, item, _ in ledger.timers:
        if item is waiter:
            return due - now
    return None


def _deliver_woken(ledger, now: float, _done=asyncio.Future.done) -> None:
    """Cancel now, before it runs again, each task whose sweep's cut is not due yet though it has
    been woken (the future it awaits is done): its suspension ended sooner than the cut's lag, drawn
    from another run's (a trial before the uncut run draws it from the last sweep's, or from a guess).
    Delivered after its next step instead, the cut came at the instant of its next suspension, where
    only a sweep's cut lands (red-team pass 92), or after it had ended."""
    for key, (task, timer, _token, _landing, cancelling) in list(ledger.due_cuts.items()):
        waiter = _waiter(task)
        if waiter is not None and _done(waiter):
            _ended_early(waiter, task, cancelling, ledger, now)
            _deliver_now(ledger, key, task, timer, now)


def _stranded(alive: list, ledger, _done=asyncio.Future.done, _name=asyncio.Task.get_name) -> None:
    """Before virtual time moves on (nothing is ready to run): note in the run's ledger (`changed`, which fails the
    check) each task of the run, not done, whose awaited future is done, or that awaits nothing: asyncio schedules a
    task's next step as the future it awaits completes (its wake-up, a done callback), so no step of it to run means
    its wake-up was taken away, to be put back later. A solution took the wake-up out of the future a test's task
    awaited (`remove_done_callback`) and added it back once its bug had run its course: the test's sleep, wait or
    gather ended late, and judged nothing the bug did (red-team pass 126: P05 +3, P08 +6, P09 +11, routes
    `pNN_frozen_*`). `alive`: the run's tasks not yet seen done (updated in place)."""
    kept = []
    for task in alive:
        if _done(task):
            continue
        kept.append(task)
        waiter = _waiter(task)
        if waiter is None or _done(waiter):
            ledger.changed.append(f"the task {_name(task)!r}, left asleep though what it awaited was done (its wake-up "
                                  "taken away)")
    alive[:] = kept


def _ended_early(waiter: asyncio.Future, task: asyncio.Task, cancelling: int, ledger, now: float) -> None:
    """Note in the run's ledger (`changed`, which fails the check) a sleep whose future `task` was woken
    by though its own timer is still to come, and `task` not cancelled since its cut was filed (its count
    of cancellation requests still `cancelling` or below: a count held up by a cancellation the task
    swallowed earlier hid one ended so, red-team pass 97): only code of the solution's can
    end a sleep so (resolving its future, or closing the sleep's coroutine, whose `finally` cancels it).
    The sealed sleep notes it too, once the sleep returns; a sleep stepped by hand and closed never
    returns, and its timer had timed the cut: every cut came as the task was woken, where it was careful
    (red-team pass 96, routes `pNN_closed_sleep`, `p07_closed_sleep_cancelled`: P01 +2, P02 +1, P03 +2,
    P04 +3, P06 +1, P07 +5, P08 +5, P09 +4)."""
    left = _sleep_left(waiter, ledger, now)
    if left is not None and left > 0 and asyncio.Task.cancelling(task) <= cancelling:
        ledger.changed.append(f"a sleep (ended {left:.6f} s before its time, from outside)")


def _deliver_now(ledger, key: int, task: asyncio.Task, timer: asyncio.TimerHandle, now: float) -> None:
    """Withdraw the timer of `task`'s sweep's cut (`key`, its entry in `ledger.due_cuts`) and cancel
    `task` now, unless it is done; its landing notes how long after the suspension began that was (the
    sweep tries the point again: see every_suspension)."""
    landing = ledger.due_cuts.pop(key)[3]
    landing.woken = now - landing.start
    timer.cancel()
    if not asyncio.Future.done(task):
        ledger.fired[key] = now
        asyncio.Task.cancel(task)


def _deliver_due(ledger, now: float, stepped: asyncio.Task) -> None:
    """Cancel now each task whose sweep's cut is not due yet, though it took a step, or a task it
    awaits took one (`stepped`): its suspension ended sooner than in the run the cut's lag was drawn
    from, and it is cancelled right after that step instead (its timer withdrawn)."""
    for key, (task, timer, _token, _landing, _cancelling) in list(ledger.due_cuts.items()):
        if stepped is task or _awaits(task, stepped):
            _deliver_now(ledger, key, task, timer, now)


def suspended_at(task: asyncio.Task, _coro=types.CoroutineType, _gen=types.GeneratorType) -> tuple:
    """Where `task` is suspended: ((code, line), ...), one pair per coroutine (or generator-based
    coroutine, as asyncio.sleep(0)'s) it awaits through, outermost first, down to the future (or
    task, or other awaitable) it waits on; () for a task not started or done. Read with the
    types' own descriptors (a solution's awaitable may define `cr_await` as it likes, and its
    frames are never read), for a sweep's check that each run reaches the same point at the same
    line of the same code (see _cancellation.every_suspension)."""
    inner = asyncio.Task.get_coro(task)
    where = []
    while True:
        if type(inner) is _coro:
            frame, inner = _coro.cr_frame.__get__(inner), _coro.cr_await.__get__(inner)
        elif type(inner) is _gen:
            frame, inner = _gen.gi_frame.__get__(inner), _gen.gi_yieldfrom.__get__(inner)
        else:
            break
        if frame is None:
            break
        where.append((frame.f_code, frame.f_lineno))
    frame = None
    return tuple(where)


def _shuffle(batch: list, getrandbits) -> None:
    """`random.Random.shuffle(batch)`, the same permutation for the same generator state
    (CPython 3.11-3.13's Fisher-Yates over `_randbelow_with_getrandbits`), but driven by
    the generator's C method `getrandbits`, bound before any student code runs: the
    Python-level methods of `random.Random` can be replaced, this cannot."""
    for i in reversed(range(1, len(batch))):
        n = i + 1
        k = n.bit_length()
        j = getrandbits(k)
        while j >= n:
            j = getrandbits(k)
        batch[i], batch[j] = batch[j], batch[i]


def _run_here(func: Any, args: tuple, kwargs: dict) -> tuple[Any, BaseException | None, float]:
    """Run `func(*args, **kwargs)` here, as a thread would: (what it returned, what it raised, the
    virtual seconds it asked `time.sleep` for, which it takes in a thread)."""
    slept: list = []
    before = _isolation.executor_sleeps(slept, _getframe())
    try:
        result, error = func(*args, **kwargs), None
    except (SystemExit, KeyboardInterrupt):
        raise
    except BaseException as exc:
        result, error = None, exc
    finally:
        _isolation.executor_sleeps(before, _getframe())
    return result, error, math.fsum(slept)


def submit_here(executor: concurrent.futures.ThreadPoolExecutor, fn: Any, /, *args: Any,
                **kwargs: Any) -> concurrent.futures.Future:
    """`ThreadPoolExecutor.submit` in a check process (`use_no_worker_threads`): `fn` runs here, at
    once, as `run_in_executor` runs it, and the returned concurrent.futures.Future gets what it
    returned or raised once the virtual seconds it slept have passed (at once if it slept none, or
    if no loop runs). A pool that pings in an executor of its own (`asyncio.wrap_future(executor.
    submit(resource.check_health))`) started a real thread, outside virtual time, and lost every
    point of P11 though correct (fairness test of pass 78; `loop.run_in_executor(executor, ...)`
    kept them). Outside a VirtualTimeLoop's run (a demo on asyncio's own loop, a kernel's other
    threads) the real `submit`. RuntimeError after `shutdown()`, as the real one."""
    loop = asyncio._get_running_loop()
    if loop is None or not derives_from(type(loop), VirtualTimeLoop):
        return _real_submit(executor, fn, *args, **kwargs)
    if getattr(executor, "_shutdown", False):
        raise RuntimeError("cannot schedule new futures after shutdown")
    future: concurrent.futures.Future = _ConcurrentFuture()
    result, error, seconds = _run_here(fn, args, kwargs)
    if seconds > 0:
        loop.call_later(seconds, _settle_concurrent, future, result, error)
    else:
        _settle_concurrent(future, result, error)
    return future


_real_submit = concurrent.futures.ThreadPoolExecutor.submit


def use_no_worker_threads() -> None:
    """Make `concurrent.futures.ThreadPoolExecutor.submit` run its function at once, in the caller's
    thread, while a VirtualTimeLoop runs there (`submit_here`): a thread would run outside virtual
    time, the schedule and the ledger (see `run_in_executor`). Called by a check process before
    any student code runs, and by each VirtualTimeLoop made (a kernel's visible checks); once."""
    if _ThreadPoolExecutor.submit is not submit_here:
        _ThreadPoolExecutor.submit = submit_here


def _settle_concurrent(future: concurrent.futures.Future, result: Any, error: BaseException | None) -> None:
    """Complete a `submit_here` future, unless it was cancelled."""
    if not future.set_running_or_notify_cancel():
        return
    if error is not None:
        future.set_exception(error)
    else:
        future.set_result(result)


def _settle(future: asyncio.Future, result: Any, error: BaseException | None) -> None:
    """Complete an executor call's future (see `run_in_executor`), unless it was cancelled."""
    if future.done():
        return
    if error is not None:
        future.set_exception(error)
    else:
        future.set_result(result)


def _seconds(value: Any, what: str, _float: type = float, _int: type = int, _fraction: type = Fraction) -> float:
    """`value` (an int, a float or a `fractions.Fraction`, as asyncio takes them: a delay or a
    due time, in seconds) as an exact float.

    The clock is set from due times: an object of a float subclass would make it, and every
    time computed from it, compare however its class likes ("took 0.1 s" for any duration).
    A subclass's value is read through the base type's own method, never its overrides.
    Raises TypeError for anything else (None included), as asyncio does for None, and ValueError
    for NaN, as Python 3.13's `asyncio.sleep` does on every version here: 3.11 and 3.12 would file
    it as a timer due at NaN, which no comparison ever finds due (this loop then spun without a
    step, and the watchdog blamed "code that never yields": red-team pass 102), and which breaks
    the heap's order for every timer below it. (An infinite time is a time: past the run's bound.)
    Bound as defaults: a module global can be replaced."""
    if isinstance(value, _float):
        seconds = _float.__float__(value)
    elif isinstance(value, _int):
        seconds = _int.__float__(value)
    elif type(value) is _fraction:  # (exactly: a subclass's arithmetic is its own)
        seconds = _fraction.__float__(value)
        # Fraction's methods are Python code a solution can replace for a moment (red-team pass 40):
        # whatever they compute, only a float of exactly that type is a time.
        if type(seconds) is not _float:
            raise TypeError(f"{what}: a Fraction whose conversion to float gave no float")
    else:
        raise TypeError(f"{what} must be a number of seconds (an int, a float or a Fraction), not {type(value).__name__}")
    if seconds != seconds:
        raise ValueError(f"Invalid {what}: NaN (not a number)")
    return seconds


def _task_step_type() -> type:
    """The type of a C task's step callback (`TaskStepMethWrapper`, which Python code cannot
    instantiate), read from a task made on a loop that never runs."""
    loop = VirtualTimeLoop()

    async def nothing() -> None:
        pass

    coro = nothing()
    task = asyncio.Task(coro, loop=loop)
    step = type(loop._ready[0]._callback)
    asyncio.Future.cancel(task)
    coro.close()
    loop._ready.clear()
    loop.close()
    return step


_TASK_STEP = _task_step_type()


def _task_of(callback: Any, _step: type = _TASK_STEP, _builtin: type = types.BuiltinFunctionType) -> Any:
    """The task whose step `callback` runs: a C task's step wrapper (a type Python code cannot
    instantiate) or its wake-up (a built-in method named `task_wakeup`, bound to the task by
    C code); None for any other callback. Bound as defaults: a module global can be replaced."""
    kind = type(callback)
    if kind is _step or (kind is _builtin and callback.__name__ == "task_wakeup"):
        return callback.__self__
    return None
