"""`Simulation`: what a scenario gets to build its world on the check's loop.

Every primitive must be created inside the scenario, on the worker's loop
(an asyncio primitive binds to the first loop it is contended on, so one
made in the kernel would fail on the check's loop, and vice versa).
"""

from __future__ import annotations

import asyncio
import collections
import math
import sys
import types
import weakref
from typing import Any, Awaitable, Callable, Coroutine, Iterable

from ._descriptors import FixedProperty, FixedStaticMethod
from ._identity import identity
from ._loop import VirtualTimeLoop, claim_name
from ._resources import ResourceFactory
from ._resources import register as _register_factory
from ._primitives import (TracedBarrier, TracedBoundedSemaphore, TracedCalls, TracedCondition, TracedEvent,
                          TracedList, TracedLock, TracedQueue, TracedSemaphore, TracedSet)
from ._trace import Trace, ask_ledger, find_ledger, find_ledger_of_tests, first_caller_outside, genuine, register
from ._trace import called_by_tests as _called_by_tests

_getframe = sys._getframe


def _registered(obj, name: str, guard: object = None):
    # In a check process, the ledger files this object's events under `name` from now on.
    register(obj, name, guard)
    return obj


def loop_steps() -> int:
    """`sim.steps()` for code that has no `sim` of its own to ask (a method of a test's TracedEvent
    subclass, run by a solution's call): in a check process the run's own count. A test that handed
    such code `sim.steps` through a class or object attribute gave it to a solution too, which holds
    the object and can set the attribute to a function of its own (red-team pass 60)."""
    ledger = find_ledger(_getframe())
    return ledger.steps if ledger is not None else asyncio.get_running_loop().steps


class Simulation:
    """The scenario's handle on its run: clock, seed, trace, traced primitives.

    In a check process, `loop`, `seed`, `trace` and the clock are answered from the run's
    ledger, as the runner filed them when it made the simulation (`_own`): a solution can
    reach `sim` (through the closure of a function a test hands it: a hook, a done callback)
    and rewrite its attributes, which the checks then never read."""

    __slots__ = ("_loop", "_seed", "_clock", "_trace", "_count_suspensions", "_ended")

    def __init__(self, loop: VirtualTimeLoop) -> None:
        self._loop = loop
        self._seed = loop.seed
        # Bound now, before student code runs: replacing `loop.time` later
        # cannot change what the checks read.
        self._clock = loop.time
        # (A bound method: a `functools.partial` here could be given another function in place by
        # `partial.__setstate__`; see _descriptors.)
        self._trace = Trace(self._clock, types.MethodType(asyncio.current_task, loop))
        # Traced lists record each task's suspension count at every read and
        # write, so a check can see whether an update gave control away.
        self._count_suspensions = loop.count_suspensions
        # task -> when it ended, for tasks spawned here (outside a check process); weak, so a task
        # that failed and was dropped is still collected and reported ("never retrieved").
        self._ended: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()

    def _fields(self) -> tuple:
        """(loop, seed, clock, trace, count_suspensions) as this object holds them."""
        return self._loop, self._seed, self._clock, self._trace, self._count_suspensions

    def _own(self, _getframe=_getframe) -> tuple:
        """`_fields()`, from the run's ledger in a check process (see the class docstring)."""
        ledger = ask_ledger(_getframe())
        if ledger is not None and ledger.sim is self:
            return ledger.sim_fields
        return self._fields()

    @FixedProperty
    def loop(self) -> VirtualTimeLoop:
        """The run's event loop (a `VirtualTimeLoop`)."""
        return self._own()[0]

    @FixedProperty
    def seed(self) -> int | None:
        """The run's seed (None: the loop's own order, not shuffled)."""
        return self._own()[1]

    @FixedProperty
    def trace(self) -> Trace:
        """The run's trace of events (in a check process, its questions are answered from the ledger)."""
        return self._own()[3]

    def now(self) -> float:
        """Virtual seconds since the scenario started."""
        return self._own()[2]()

    def ended_at(self, task: asyncio.Task) -> float | None:
        """The virtual time (seconds) at which `task` ended, in a step of its own; None while it
        runs. In a check process, any task of the run, from the ledger (a done callback a test
        adds to a task is a function the solution can read off that task, with what its closure
        holds); elsewhere, tasks started with `spawn`."""
        ledger = find_ledger(_getframe())
        if ledger is not None:
            return ledger.finished.get(identity(task))
        return self._ended.get(task)

    @FixedStaticMethod
    def tolerance(at: float) -> float:
        """Seconds within which two virtual-clock readings near `at` seconds are the same
        instant: 1 ns (float sums of short delays) plus four units in the last place of `at`
        (the clock's own rounding, ~0.5 us at 10**9 s, `math.ulp`). For a check that a waiter
        was let in at the very instant it could be, after a wait of any length::

            require(abs(got_in - freed) <= sim.tolerance(freed), ...)
        """
        return 1e-9 + 4 * math.ulp(at)

    async def let_time_pass(self, up_to: float, *, until: Callable[[], bool] | None = None,
                            step_budget: int = 5_000) -> float:
        """Let `up_to` virtual seconds pass while the other tasks run, in doubling stretches
        (1 s, 2 s, 4 s ...): for a test that gives a solution every chance to act on a timeout
        of its own, however long (a worker that gives up waiting after 20 tries of 1 s). Ends
        sooner once `until()` is true after a stretch. Returns the virtual seconds that passed.

        Tasks that wake up often (polling) would make an hour of virtual time cost seconds of
        CPU, so the loop steps run since the call are budgeted (`step_budget`). Once a quarter of
        the budget has run, the rest of the time passes in leaps: at each move of the clock, a
        quarter of the time since the leaps began (never more than half the time left), and
        every timer due meanwhile fires late, as in a program whose process was paused: 10**9 s
        take ~100 moves of the clock. Once the whole budget has run, each move of the clock goes
        half the time left, so the wait still lasts `up_to`, however many steps a solution
        spends between moves. So a poller whose patience is kept on a clock gives up in view
        (red-team passes 67 and 68: a waiter polling each second with a day's patience
        outlasted the steps, or spent them at one instant, and the test let go first);
        patience counted in tries outlasts the leaps. In a check process, called by anything but
        test code (on a solution's own Simulation, say), it begins and ends none of the run's leaps.
        """
        start, first, stretch = self.now(), self.steps(), 1.0
        end = start + up_to
        ledger = find_ledger_of_tests(_getframe())
        holder = ledger if ledger is not None else self.loop
        field = "leap" if ledger is not None else "_leap"
        leap = None  # (start, end) of this wait's leaps, once begun: see VirtualTimeLoop._run_once
        try:
            while self.now() - start < up_to:
                await asyncio.sleep(min(stretch, up_to - (self.now() - start)))
                if until is not None and until():
                    break
                spent = self.steps() - first
                if leap is None and spent >= step_budget // 4 and getattr(holder, field) is None:
                    leap = (self.now(), end)  # the leaps begin
                    setattr(holder, field, leap)
                if leap is not None and spent >= step_budget and leap[0] != -math.inf:
                    leap = (-math.inf, end)  # (now + inf: each move goes half the time left)
                    setattr(holder, field, leap)
                stretch *= 2
        finally:
            if leap is not None and getattr(holder, field) is leap:
                setattr(holder, field, None)
        return self.now() - start

    @FixedStaticMethod
    def stretches(seconds: float) -> int:
        """How many stretches (1 s, 2 s, 4 s ...) `let_time_pass` takes to let `seconds` pass,
        with one to spare: ceil(log2(seconds + 2)). Each is one step of the test's own task,
        and one more step ends the wait. For a check that a solution stays asleep through a
        long wait: the loop steps run meanwhile (`steps()` after less `steps()` before) are
        about this many, where a solution that wakes up to look adds a step per look.
        """
        return math.ceil(math.log2(seconds + 2))

    def steps(self) -> int:
        """Callbacks the loop has run so far in this run (each task step is one): in a check
        process the run's own count, which no attribute a solution can set changes."""
        ledger = find_ledger(_getframe())
        return ledger.steps if ledger is not None else self.loop.steps

    def own_steps(self, task: asyncio.Task) -> int:
        """Loop steps run so far as `task`'s own work, counted from the first call for `task` on
        (which returns 0): its own steps, those of every task it started (and they started, at any
        depth) and of the callbacks any of them scheduled, up to the step in which `task` ends (what
        they run after it ended is not its own). For a check that forgives a task, and only that
        task, what it does in a window (a cancelled worker's cleanup): the steps run by others are
        `steps()` less these. In a check process, from the run's ledger; elsewhere, `task`'s own
        steps only (outside a check process no record says who made a task)."""
        ledger = find_ledger_of_tests(_getframe())
        if ledger is not None:
            roots, owned = ledger.step_roots, ledger.owned_steps
        else:
            roots, owned = self.loop._step_roots, self.loop._owned_steps
        key = identity(task)
        if key not in roots:
            roots[key] = task
        return owned[key]

    # --- traced primitives ----------------------------------------------
    def lock(self, name: str = "lock") -> TracedLock:
        return _registered(TracedLock(self.trace, name), name)

    def semaphore(self, value: int = 1, name: str = "semaphore") -> TracedSemaphore:
        return _registered(TracedSemaphore(self.trace, name, value), name)

    def bounded_semaphore(self, value: int = 1, name: str = "semaphore") -> TracedBoundedSemaphore:
        return _registered(TracedBoundedSemaphore(self.trace, name, value), name)

    def event(self, name: str = "event", cls: type[TracedEvent] = TracedEvent) -> TracedEvent:
        """A traced event; a test may pass its own subclass of TracedEvent as `cls` (to watch
        how a solution uses the event, e.g. count its is_set() calls)."""
        if not (isinstance(cls, type) and issubclass(cls, TracedEvent)):
            raise TypeError(f"cls must be a subclass of TracedEvent, not {cls!r}")
        return _registered(cls(self.trace, name), name)

    def condition(self, name: str = "condition", lock: asyncio.Lock | None = None) -> TracedCondition:
        if lock is None:  # a lock of its own, registered under its own name
            lock = _registered(TracedLock(self.trace, f"{name}.lock"), f"{name}.lock")
        return _registered(TracedCondition(self.trace, name, lock), name)

    def queue(self, maxsize: int = 0, name: str = "queue") -> TracedQueue:
        return _registered(TracedQueue(self.trace, name, maxsize), name)

    def deque(self, items: Iterable = (), name: str = "deque") -> collections.deque:
        """A plain `collections.deque` holding `items`, watched from outside: after every loop
        step, each item the step took out of it is filed under `name` as a `take` event by the
        step's task (detail: the item), or `take-out-of-order` if an item that was to its left
        stayed in the deque (see `_watched`). A watched deque is exactly a deque, so a solution
        cannot tell it from any other; only the step's net effect is seen (taking every item
        present at once, in any order, is taking them from the left). In a check process the
        snapshots live in the run's ledger; elsewhere, on the loop. Raises ValueError if a deque
        of this run is already watched under `name`."""
        ledger = find_ledger_of_tests(_getframe())
        entries = ledger.watched if ledger is not None else self.loop._watched
        if any(entry[1] == name for entry in entries):  # (one record per name: see ValueError)
            raise ValueError(f"a deque named {name!r} is already watched in this run: give each its own name")
        watched = collections.deque(items)
        entries.append([watched, name, list(watched)])
        if ledger is None:
            self.loop._watch_trace = self.trace
        return watched

    def trace_sleeps(self) -> None:
        """From now on in this run, file each `asyncio.sleep(delay)` (delay > 0) that runs its full
        course as a `slept` event on `"asyncio.sleep"` by the task that slept, at the virtual time
        it ended; detail: the delay asked, in seconds (see `_trace.SLEEPS`). A sleep cancelled
        before its end is not filed. The event loop files it, so it says whose task did work that
        is a sleep (`trace.select("asyncio.sleep", "slept", working_for=name)`), whatever the
        solution records. In a check process the sleeps are noted in the run's ledger; elsewhere,
        on the loop, into this simulation's trace."""
        ledger = find_ledger_of_tests(_getframe())
        if ledger is not None:
            ledger.sleeps_traced = True
        else:
            self.loop._sleep_trace = self.trace

    def trace_steps(self) -> None:
        """From now on in this run, file each loop step as a `step` event on `"event loop"` (see
        `_trace.STEP`) as it ends: by the task whose step it was (a plain callback's: the task on
        whose behalf it runs, else "main"), with the tasks awaiting that task then as its
        `awaiters`; its detail names the task whose steps `own_steps` counted it for (None if
        none: see `own_steps`). Events filed during a step (a traced primitive's, a test's note)
        come before the step's own, so each belongs to the first step event after it. For a
        check that judges work by the loop steps it took, whose steps they were. In a check
        process the steps are filed in the run's ledger; elsewhere, by the loop, into this
        simulation's trace."""
        ledger = find_ledger_of_tests(_getframe())
        if ledger is not None:
            ledger.steps_traced = True
        else:
            self.loop._step_trace = self.trace

    def barrier(self, parties: int, name: str = "barrier") -> TracedBarrier:
        return _registered(TracedBarrier(self.trace, name, parties), name)

    def shared_list(self, values: list[Any], name: str = "shared",
                    guarded_by: TracedLock | TracedSemaphore | None = None, *,
                    fails: tuple[str, int, BaseException] | None = None) -> TracedList:
        """A list whose reads and writes are traced, with the acting task's suspension count (see `TracedList`).

        `fails=("read", k, error)` (or `"write"`): its k-th read (1-based, counted over its
        whole life, whichever task makes it) raises `error` instead, as a storage backend
        might fail, recorded as a `failing-read` (`failing-write`) event whose detail is the
        index. In a check process, what to fail and the count live in the run's ledger,
        where no object a solution holds leads. Raises ValueError for another kind or k < 1.
        """
        if fails is not None and (fails[0] not in ("read", "write") or type(fails[1]) is not int or fails[1] < 1):
            raise ValueError(f"fails must be ('read' or 'write', k >= 1, error), not {fails!r}")
        return _registered(TracedList(self.trace, name, values, guarded_by, self._own()[4], fails), name,
                           guarded_by)

    def resources(self, lifetime: float = float("inf")) -> ResourceFactory:
        """A factory for a resource pool under test: each resource is healthy for
        `lifetime` virtual seconds (or until closed or broken); see `ResourceFactory`."""
        return _register_factory(ResourceFactory(self._own()[2], lifetime), lifetime)

    def calls(self, fn: Callable[..., Awaitable[Any]], name: str = "fn") -> TracedCalls:
        """`fn` (an async callable), traced: `trace.count(name, "call")` is how many times
        it was called, `trace.select(name, "raise")` which calls raised (see `TracedCalls`)."""
        return _registered(TracedCalls(self.trace, name, fn), name)

    def shared_set(self, values: Iterable = (), name: str = "set") -> TracedSet:
        """A set whose size is traced: `trace.peak(name)` is the most elements at once."""
        return _registered(TracedSet(self.trace, name, values), name)

    # --- tasks ----------------------------------------------------------
    def spawn(self, coro: Coroutine, name: str | None = None) -> asyncio.Task:
        """Start `coro` as a task (named, so reports and traces can say who). In a check process,
        spawned by test code, the task is filed under that name, which no task of the solution's
        is filed under in this run (see `_loop.claim_name`)."""
        task = self.loop.create_task(coro, name=name)
        own = _getframe()
        ledger = find_ledger(own)
        if ledger is None:  # (in a check process, the ledger keeps when tasks end)
            task.add_done_callback(self._note_end)
        else:
            # Test code that calls `spawn` by name, through any harness code: not any harness frame
            # just above (red-team pass 72: a solution's `loop.call_soon(Simulation(loop).spawn, ...)`
            # was called by the loop's step, harness code, and its decoy took a test task's name).
            # And for the tests themselves (`genuine`): red-team pass 74's worker stepped a test's own
            # scenario by hand, whose `sim.spawn(...)` named its decoys after the test's workers.
            entry, caller = first_caller_outside(ledger, own)
            if caller is not None and _called_by_tests(ledger, caller, entry) and genuine(ledger, caller):
                claim_name(ledger, task, str.__str__(str(name)) if name is not None
                           else ledger.names[identity(task)])
            entry = caller = None
        own = None
        return task

    def _note_end(self, task: asyncio.Task) -> None:
        self._ended.setdefault(task, self.now())

    def cancel_at(self, task: asyncio.Task, suspension: int) -> None:
        """Cancel `task` right after its `suspension`-th suspension point (1-based).

        Use it to prove that a task cancelled in the middle of its work leaks
        nothing: no permit, no slot, no item. The points counted are those of the
        work `task` does in the tasks it awaits too (see `VirtualTimeLoop.cancel_at`):
        a task that awaits a task it just made is cancelled where that task waits.
        """
        self.loop.cancel_at(task, suspension)
