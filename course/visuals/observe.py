"""Trace plain asyncio primitives too, for a replay: watch every task step of one run.

The harness's traced primitives (`sim.lock()` ...) write the trace themselves.
A visible check, and student code, mostly use plain ones (`asyncio.Lock()`,
`asyncio.Condition()`, a queue made in the scenario): to draw those, a replay
watches the run from outside. Before and after each step of a task it looks at

- what the task is blocked on, found as the deadlock report finds it (the
  chain of awaiting coroutines, down to the first asyncio primitive method:
  `Lock.acquire`, `Condition.wait`, `Queue.get` ...), which opens a waiting
  span, closed when the task is no longer blocked there;
- the state of every primitive seen so far in the task's (and the scenario's)
  variables, or called by the student's code (a lock in no variable, as
  `async with asyncio.Lock():` makes one, is seen by the profile function
  below when its method is called): a lock that became locked during a task's step was acquired by
  that task, a semaphore whose value fell by one lost a permit to it, a queue
  that grew had an item put, an event that became set was set.

A lock the student wrote (P09's read-write lock, P11's pool) is drawn through its
methods: a task inside `acquire_read()` / `acquire_write()` / `checkout()` waits for
it, one back from it holds it (read, write, a resource) until its `release_*()` /
`checkin()` returns. Those calls are seen by a profile function set for the
duration of each watched step only (`sys.setprofile`, in the run's own thread).

Those become ordinary trace events (`acquire`, `release`, `wait`, `woken`,
`put`, `get`, `set` ...) in the run's `sim.trace`, under the name the code
gives the object (`lock`, `condition`, `queue#2` for a second one of that
name), so `lanes.build` draws them like traced ones. Every task that ran gets
a lane (`task-start` / `task-end`), blocked or not.

Only for pictures (`record(..., observe=True)`, which `replay` uses): it runs
in the kernel, beside student code, and no check reads it. A check's verdict
never depends on it.
"""

from __future__ import annotations

import asyncio
import os
import sys
from typing import Any

from course.testing import Simulation
from course.testing._diagnosis import _chain_frames as _frames
from course.testing._loop import VirtualTimeLoop, _task_of

_ASYNCIO = os.path.dirname(os.path.abspath(asyncio.__file__))
_COURSE = tuple(os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), part, "")
                for part in ("testing", "visuals"))
# Outermost first: a Barrier waits on a Condition, which waits on a Lock; the
# student's code called the first of them.
_PRIMITIVES = (asyncio.Barrier, asyncio.Condition, asyncio.Queue, asyncio.Event, asyncio.Semaphore,
               asyncio.Lock)
_KIND = {asyncio.Barrier: "barrier", asyncio.Condition: "condition", asyncio.Queue: "queue",
         asyncio.Event: "event", asyncio.Semaphore: "semaphore", asyncio.Lock: "lock"}
# What waiting in a primitive opens, per kind (see lanes._OPENERS), and what closes it
# when nothing else did (lanes._CLOSERS).
_OPENS = {"queue-get": "wait-get", "queue-put": "wait-put", "barrier": "arrive"}
_CLOSES = {"wait-get": "give-up", "wait-put": "give-up", "arrive": "passed", "wait": "woken"}
# The methods of a student's lock the observer draws: method -> (what is held, its event).
_METHODS = {"acquire_read": ("read", "acquire"), "release_read": ("read", "release"),
            "acquire_write": ("write", "acquire"), "release_write": ("write", "release"),
            "checkout": ("pool", "acquire"), "checkin": ("pool", "release")}
# The methods of asyncio's primitives through which the student's code uses one.
_PRIMITIVE_METHODS = frozenset({"acquire", "release", "__aenter__", "__aexit__", "wait", "wait_for", "set",
                                "clear", "notify", "notify_all", "put", "get", "put_nowait", "get_nowait",
                                "task_done", "join", "abort", "reset"})
# Events that themselves close a waiting span (so no generic closer is needed).
_CLOSED_BY = {"wait-get": {"get"}, "wait-put": {"put"}, "wait": {"acquire"}, "arrive": {"broken"}}


def _kind_of(obj: object) -> str | None:
    for cls in _PRIMITIVES:
        if isinstance(obj, cls):
            return _KIND[cls]
    return None


def _is_traced(obj: object) -> bool:
    """A harness primitive: it writes the trace itself."""
    return hasattr(obj, "_trace")


def _is_student(frame) -> bool:
    filename = os.path.abspath(frame.f_code.co_filename)
    return not (filename.startswith(_ASYNCIO) or filename.startswith(_COURSE))  # (a tuple of folders)


class Observer:
    """Watches one run's task steps and writes what plain primitives did into `sim.trace`."""

    def __init__(self, sim: Simulation) -> None:
        self.sim = sim
        self.trace = sim.trace
        self.names: dict[int, str] = {}          # id(primitive) -> name in the trace
        self.objects: dict[int, Any] = {}         # id -> primitive (kept alive: ids stay unique)
        self.kinds: dict[str, str] = {}           # name -> kind, for the timeline
        self.states: dict[int, tuple] = {}
        self.holders: dict[int, list[str]] = {}   # id -> task names holding it, oldest first
        self.blocked: dict[str, tuple[str, str]] = {}  # task name -> (object name, opening event)
        self.started: set[str] = set()
        self._taken: dict[str, int] = {}
        self.main: asyncio.Task | None = None
        self.caught_up = False
        # Calls of a student's lock methods (`_METHODS`) begun and not yet returned:
        # id(frame) -> (frame, owner, method, task name, waiting).
        self.calls: dict[int, list] = {}
        self.owners: dict[tuple[int, str], str] = {}  # (id(owner), what) -> name in the trace
        self._owned_alive: list[Any] = []
        self.profiling = True
        # Once the scenario has ended (or failed), the runner winds the run down
        # (cancels what is left): that is no part of the schedule drawn.
        self.frozen = False

    # --- installing -------------------------------------------------------
    def install(self) -> None:
        """From now on, every step of a task on the sim's loop is watched."""
        loop = self.sim.loop
        observer = self

        def call_soon(callback, *args, context=None):
            handle = VirtualTimeLoop.call_soon(loop, callback, *args, context=context)
            task = _task_of(callback)
            if task is not None:
                handle._context = _Watched(handle._context, observer, task)
            return handle

        loop.call_soon = call_soon
        current = self.main = asyncio.current_task(loop)
        if current is not None:
            self._start(current)
            self._discover(current)

    # --- naming -----------------------------------------------------------
    def _name(self, obj: object, local: str, kind: str) -> str:
        """`local` (or the kind), made unique: `queue#2` for a second one, and never the name
        of one of the harness's traced objects in the same trace."""
        base = local or kind
        traced = {e.obj for e in self.trace.events}
        while True:
            taken = self._taken.get(base, 0) + 1
            self._taken[base] = taken
            name = base if taken == 1 else f"{base}#{taken}"
            if name not in traced:
                return name

    def _add(self, obj: object, local: str, new: bool = False) -> None:
        """Watch `obj` from now on, as `local`. `new`: first seen after a step, so most likely
        made during it: its state before the step is taken to be a new object's (a lock made
        and taken in one step was taken by that step's task)."""
        if id(obj) in self.names or _is_traced(obj):
            return
        kind = _kind_of(obj)
        if kind is None:
            return
        if kind == "condition":
            inner = getattr(obj, "_lock", None)
            if inner is not None and id(inner) in self.names:
                # Its lock is already watched under its own name: that name is the condition's.
                self.names[id(obj)] = self.names[id(inner)]
                self.objects[id(obj)] = obj
                return
        name = self._name(obj, local, kind)
        self.names[id(obj)], self.objects[id(obj)] = name, obj
        self.kinds[name] = kind
        self.states[id(obj)] = self._new_state(obj, kind) if new else self._state_of(obj, kind, fresh=True)
        if kind == "condition" and getattr(obj, "_lock", None) is not None:
            inner = obj._lock
            self.names[id(inner)], self.objects[id(inner)] = name, inner
        if kind == "barrier":
            # Its inner condition is the barrier's own machinery: never a name of its own.
            inner = getattr(obj, "_cond", None)
            if inner is not None:
                self.names[id(inner)], self.objects[id(inner)] = name, inner
                if getattr(inner, "_lock", None) is not None:
                    self.names[id(inner._lock)], self.objects[id(inner._lock)] = name, inner._lock

    def _discover(self, task: asyncio.Task, new: bool = False) -> None:
        for frame in _frames(task):
            if not _is_student(frame):
                continue
            try:
                items = list(frame.f_locals.items())
            except Exception:  # pragma: no cover - a frame being torn down
                continue
            for local, value in items:
                if isinstance(value, _PRIMITIVES):
                    if local != "self":
                        self._add(value, local, new)
                elif isinstance(value, (list, tuple)):
                    # Not the harness's shared list: it holds no primitive, and going through it would
                    # record a read of each item, by no task (a `main` lane of reads in every replay).
                    if len(value) <= 16 and not _is_traced(value):
                        for i, item in enumerate(value):
                            if isinstance(item, _PRIMITIVES):
                                self._add(item, f"{local}[{i}]", new)
                else:
                    # An object of the student's (a read-write lock, a pool, a breaker):
                    # the primitives it keeps, one level down, named by attribute.
                    fields = getattr(value, "__dict__", None)
                    if type(fields) is dict and not isinstance(value, type) and len(fields) <= 32:
                        owner = type(value).__name__ if local == "self" else local
                        for attr, item in list(fields.items()):
                            if isinstance(item, _PRIMITIVES):
                                self._add(item, f"{owner}.{attr}", new)

    # --- state ------------------------------------------------------------
    @classmethod
    def _new_state(cls, obj: Any, kind: str) -> tuple:
        """The state of a new `obj` of `kind`: free, empty, not set (a semaphore: as now, unless
        bounded, whose starting value it keeps)."""
        if kind in ("lock", "condition", "event"):
            return (False,)
        if kind == "queue":
            return (0, 0)
        return cls._state_of(obj, kind, fresh=True)

    @staticmethod
    def _state_of(obj: Any, kind: str, fresh: bool = False) -> tuple:
        if kind == "lock":
            return (bool(obj.locked()),)
        if kind == "condition":
            return (bool(obj._lock.locked()) if getattr(obj, "_lock", None) is not None else False,)
        if kind == "semaphore":
            value = getattr(obj, "_value", 0)
            if fresh and isinstance(obj, asyncio.BoundedSemaphore):
                value = getattr(obj, "_bound_value", value)
            return (value,)
        if kind == "queue":
            return (obj.qsize(), getattr(obj, "_unfinished_tasks", 0))
        if kind == "event":
            return (obj.is_set(),)
        if kind == "barrier":
            return (obj.broken,)
        return ()

    def _owned(self) -> list[tuple[int, Any, str, str]]:
        """(id, object, name, kind) of each watched primitive whose state is its own."""
        seen, out = set(), []
        for key, obj in self.objects.items():
            name = self.names[key]
            kind = self.kinds.get(name)
            if kind is None or name in seen or _kind_of(obj) != kind:
                continue
            seen.add(name)
            out.append((key, obj, name, kind))
        return out

    def _record(self, name: str, kind: str, task: str, detail: Any = None) -> None:
        self.trace.record(name, kind, detail, task=task)

    def _diff(self, task: str) -> set[tuple[str, str]]:
        """Events for what changed in the watched primitives during `task`'s step."""
        done: set[tuple[str, str]] = set()
        for key, obj, name, kind in self._owned():
            before, after = self.states.get(key), self._state_of(obj, kind)
            self.states[key] = after
            if before is None or before == after:
                continue
            if kind in ("lock", "condition"):
                event = "acquire" if after[0] else "release"
                self._hold(key, name, event, task)
                done.add((name, event))
            elif kind == "semaphore":
                change = after[0] - before[0]
                event = "release" if change > 0 else "acquire"
                for _ in range(abs(change)):
                    self._hold(key, name, event, task)
                done.add((name, event))
            elif kind == "queue":
                change = after[0] - before[0]
                for _ in range(abs(change)):
                    self._record(name, "put" if change > 0 else "get", task)
                for _ in range(max(0, before[1] - after[1])):
                    self._record(name, "task-done", task)
                if change:
                    done.add((name, "put" if change > 0 else "get"))
            elif kind == "event":
                self._record(name, "set" if after[0] else "clear", task)
            elif kind == "barrier" and after[0]:
                self._record(name, "broken", task)
                done.add((name, "broken"))
        return done

    def _hold(self, key: int, name: str, event: str, task: str) -> None:
        holders = self.holders.setdefault(key, [])
        if event == "acquire":
            holders.append(task)
            self._record(name, "acquire", task)
            return
        holder = task if task in holders or not holders else holders[0]
        if holder in holders:
            holders.remove(holder)
        self._record(name, "release", holder)

    def _blocked_on(self, task: asyncio.Task) -> tuple[str, str] | None:
        """(object name, opening event) of the primitive `task` waits in, if any."""
        for frame in _frames(task):
            owner = frame.f_locals.get("self") if not _is_student(frame) else None
            kind = _kind_of(owner) if owner is not None else None
            if kind is None:
                continue
            if _is_traced(owner):
                return None  # it traces its own waits
            if id(owner) not in self.names:
                self._add(owner, "")
            name = self.names.get(id(owner))
            if name is None:
                return None
            kind = self.kinds.get(name, kind)
            if kind == "queue":
                opening = _OPENS["queue-put" if frame.f_code.co_name == "put" else "queue-get"]
            else:
                opening = _OPENS.get(kind, "wait")
            return name, opening
        return None

    # --- a student's lock, through its methods ------------------------------
    def profile(self, frame, event: str, arg: Any) -> None:
        """The profile function of a watched step: note each resumed call of a `_METHODS` method,
        and each primitive the student's code calls a method of."""
        if event != "call":
            return
        method = frame.f_code.co_name
        if method in _PRIMITIVE_METHODS and frame.f_code.co_filename.startswith(_ASYNCIO):
            self._called(frame)
            return
        if method not in _METHODS or id(frame) in self.calls or not _is_student(frame):
            return
        owner = frame.f_locals.get("self")
        if owner is None or _kind_of(owner) is not None:
            return
        self.calls[id(frame)] = [frame, owner, method, None, False]

    def _called(self, frame) -> None:
        """A method of an asyncio primitive called (or resumed) from the student's code: watch that
        primitive from now on, even if no variable holds it (`async with asyncio.Lock():`, a lock
        made per call), or the replay would draw a task that held it as holding nothing. Its
        state is read now, before the call changes it."""
        owner, caller = frame.f_locals.get("self"), frame.f_back
        if owner is None or id(owner) in self.names or caller is None or not _is_student(caller):
            return
        kind = _kind_of(owner)
        if kind is None:
            return
        try:
            local = next((name for name, value in caller.f_locals.items() if value is owner and name != "self"), "")
        except Exception:  # pragma: no cover - a frame being torn down
            local = ""
        # Unnamed, never the bare kind: a scenario's `sim.lock()` not used yet would lend it its name.
        self._add(owner, local or f"{kind} used in {caller.f_code.co_name}()")

    def _owner_name(self, owner: Any, what: str) -> str:
        key = (id(owner), what)
        if key not in self.owners:
            count = sum(1 for (_, w) in self.owners if w == what) + 1
            base = type(owner).__name__ + ("" if count == 1 else f"#{count}")
            self.owners[key] = f"{base} ({what})" if what in ("read", "write") else base
            self.kinds[self.owners[key]] = what
            self._owned_alive.append(owner)
        return self.owners[key]

    def _calls_after(self, task: asyncio.Task, name: str) -> None:
        """A `_METHODS` call this task made: returned (acquired, released) or waiting inside."""
        if not self.calls:
            return
        chain = {id(f) for f in _frames(task)} if not task.done() else set()
        for key, call in list(self.calls.items()):
            frame, owner, method, who, waiting = call
            if who is None:
                call[3] = who = name
            if who != name:
                continue
            what, event = _METHODS[method]
            obj = self._owner_name(owner, what)
            if key in chain:  # suspended inside it
                if event == "acquire" and not waiting:
                    call[4] = True
                    self._record(obj, "wait", name)
                continue
            del self.calls[key]
            self._record(obj, event, name)

    # --- one step -----------------------------------------------------------
    def _start(self, task: asyncio.Task) -> None:
        name = task.get_name()
        if name not in self.started:
            self.started.add(name)
            self._record("", "task-start", name)

    def _ended(self) -> bool:
        # The runner's wind-down lifts the time limit (`_runner._wind_down`): the run is over.
        if self.main is not None and self.main.done() or self.sim.loop.max_time == float("inf"):
            self.frozen = True
        return self.frozen

    def _catch_up(self) -> None:
        """The scenario's first step began before the observer was installed (in it): at the
        first step watched, take that step's end as seen then (what the scenario made and took,
        what it waits on): nothing else has run since."""
        self.caught_up = True
        main = self.main
        if main is None:
            return
        if main.done():
            return
        self._discover(main, new=True)
        name = main.get_name()
        self._diff(name)
        now = self._blocked_on(main)
        if now is not None:
            self._record(now[0], now[1], name)
            self.blocked[name] = now

    def before(self, task: asyncio.Task) -> None:
        if self._ended():
            return
        if not self.caught_up:
            self._catch_up()
        self._start(task)
        self._discover(task)
        for key, obj, _name, kind in self._owned():  # what changed outside any task's step
            self.states[key] = self._state_of(obj, kind)

    def after(self, task: asyncio.Task) -> None:
        if self.frozen:
            return
        name = task.get_name()
        self._discover(task, new=True)
        done = self._diff(name)
        self._calls_after(task, name)
        was = self.blocked.pop(name, None)
        now = None if task.done() else self._blocked_on(task)
        if was is not None:
            # A blocked task runs a step only once what it waited for came (or it was
            # cancelled): its wait ends here, even if it waits there again at once.
            obj, opening = was
            if not any((obj, event) in done for event in _CLOSED_BY.get(opening, ())):
                self._record(obj, _CLOSES.get(opening, "woken"), name)
        if now is not None:
            self._record(now[0], now[1], name)
            self.blocked[name] = now
        if task.done():
            self._record("", "task-end", name)


class _Watched:
    """A task step's context, run through the observer (the loop calls `handle._context.run`)."""

    __slots__ = ("context", "observer", "task")

    def __init__(self, context, observer: Observer, task: asyncio.Task) -> None:
        self.context, self.observer, self.task = context, observer, task

    def run(self, callback, *args):
        observer, task = self.observer, self.task
        try:
            observer.before(task)
        except Exception:  # pragma: no cover - a picture never breaks the run
            pass
        profiled, previous = False, None
        if observer.profiling and not observer.frozen:
            try:
                previous = sys.getprofile()
                sys.setprofile(observer.profile)
                profiled = True
            except Exception:  # refused (a check process's audit hook): draw without it
                observer.profiling = False
        try:
            return self.context.run(callback, *args)
        finally:
            if profiled:
                sys.setprofile(previous)
            try:
                observer.after(task)
            except Exception:  # pragma: no cover
                pass
