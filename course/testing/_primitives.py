"""Traced primitives: drop-in subclasses of asyncio's that write a `Trace`.

Each behaves exactly like its asyncio base class (same fairness, same
exceptions, same suspension points) and additionally records who waited,
acquired, released, put or got, at what virtual time. A test hands these to
student code instead of the plain classes; the student cannot tell.

Side: runs beside student code (in a kernel, and in a check process, where
it writes the run's ledger: see `_trace`). Each traced lock, semaphore,
event, condition, queue and barrier stands for a plain asyncio primitive
that does the work (`Traced._real`); in a check process that primitive is
the ledger's alone, and asyncio's own code called on the traced object
(`asyncio.Lock.release(lock)`) fails the run (`_internal`), so no state
changes past the methods that record it.

They also remember their holders, so a deadlock report can say
"waits for lock 'b', held by task 'transfer-1'".
"""

from __future__ import annotations

import asyncio
import dis
import inspect
import sys
from typing import Any, Callable, Iterable, NoReturn

from ._awaiting import awaiters as _awaiters
from ._descriptors import FixedProperty
from ._identity import identity
from ._loop import VirtualTimeLoop
from ._trace import Trace, emit as _emit, find_ledger, find_ledger_for

_getframe = sys._getframe


def _name_of(obj: Any, own: str, _getframe=_getframe) -> str:
    """`obj.name` of a traced object: in a check process's run, for an object the test made, the
    name the ledger files its events under (`_trace.register`), found by the object's identity;
    elsewhere `own`, the name it was made with. The test cells ask the ledger about an object by
    the name they read back from it (`sim.trace.select(ready.name, "set")`): a name kept in the
    object's `__dict__` was the solution's to rewrite (`vars(ready)["name"] = ...`, red-team pass
    60), and the question went to an object that never existed, which did nothing wrong."""
    ledger = find_ledger(_getframe())
    if ledger is not None:
        registered = ledger.objects.get(identity(obj))
        if registered is not None:
            return registered[0]
    return own


def _own_name(obj: Any) -> str:
    return _name_of(obj, obj.__dict__.get("_name", "?"))


def _mark(caller, _getframe=_getframe) -> tuple | None:
    """Where a wait begins: (the run's ledger, its step count, a token the ledger keeps until the
    wait ends: see `_waited`), or None outside a check run. It hands the ledger on: only to
    the harness's own code (`caller`: the asking function's frame, see `find_ledger_for`); to
    anything else, None."""
    ledger = find_ledger_for(_getframe(), caller)
    if ledger is None:
        return None
    token = object()
    ledger.pending.add(token)
    return ledger, ledger.steps, token


def _signals(obj: Any, caller, _getframe=_getframe) -> tuple | None:
    """(the run's ledger, how many set()/notify() it recorded for `obj` so far), or None (also
    to a caller that is not the harness's own code: it hands the ledger on; `caller` is its frame)."""
    ledger = find_ledger_for(_getframe(), caller)
    if ledger is None or identity(obj) not in ledger.objects:
        return None
    name = ledger.objects[identity(obj)][0]
    return ledger, name, ledger.signals.get(name, 0)


def _woken(before: tuple | None, what: str) -> None:
    """A waiter of an event has been woken: a set() must have been recorded since it began to
    wait (asyncio's own method called on the checks' object wakes it unrecorded), or the run
    fails."""
    if before is not None:
        ledger, name, count = before
        if ledger.signals.get(name, 0) == count:
            ledger.forged.append(f"{what} of {name}, woken by no set() or notify() it recorded")


def _joined(queue: Any, unfinished: int, caller, _getframe=_getframe) -> None:
    """A join() of a traced queue has returned: no item may be left unfinished (the queue's own count), or the
    run fails. asyncio's join() returns once the future it awaits is resolved, and does not count again: a solution
    that resolved it through the joining task's `_fut_waiter` ended a test's `await queue.join()` with items not
    done (red-team pass 128: P06 +12 for consumers that never marked their first item done, route
    `p06_join_forged`)."""
    ledger = find_ledger_for(_getframe(), caller)
    if ledger is not None and unfinished:
        name = ledger.objects[identity(queue)][0] if identity(queue) in ledger.objects else "a queue"
        ledger.forged.append(f"join of {name}, which returned with {unfinished} item(s) not done (its future "
                             "resolved from outside)")


def _waited(mark: tuple | None, what: str, _getframe=_getframe, _resumed=None) -> None:
    """A wait recorded at `mark` has ended: it must have been resumed by its task's own step
    (see `_resumed_by_loop`) after giving the loop control (the step count moved on). A
    coroutine stepped by hand (`coro.send(None)`, then closed, thrown into or sent to again,
    whenever) records a wait its task never made, and fails the run; one stepped by hand
    and kept, never ended, leaves its token with the ledger, and fails it too (see _runner)."""
    if mark is None:
        return
    ledger, steps, token = mark
    ledger.pending.discard(token)
    if ledger.steps == steps or not (_resumed or _resumed_by_loop)(_getframe(1)):
        ledger.forged.append(f"{what} (a wait its task never made: a coroutine stepped by hand)")


#: Code flags of a frame that can be suspended in an `await`: a coroutine, a generator (an
#: `__await__` written as one), an async generator.
_SUSPENDABLE = inspect.CO_COROUTINE | inspect.CO_ITERABLE_COROUTINE | inspect.CO_GENERATOR | inspect.CO_ASYNC_GENERATOR


#: Where a frame suspended in an `await` stands while what it awaits runs: `SEND` (resumed
#: by a send), `YIELD_VALUE` (thrown into, 3.11 and 3.12), `RESUME` (thrown into, 3.13).
#: A frame running code of its own stands at a call, an assignment, ..., never at these.
_DELEGATING = frozenset(dis.opmap[name] for name in ("SEND", "YIELD_VALUE", "RESUME") if name in dis.opmap)


def _resumed_by_loop(frame, _step=VirtualTimeLoop._run_once.__code__, _delegating=_DELEGATING,
                     _cache=dis.opmap.get("CACHE", 0), _flags=_SUSPENDABLE) -> bool:
    """Whether `frame`, a traced primitive's wait, is running because the loop resumed its task:
    every frame above it, up to the loop's step, is suspended in an `await` (`await`, `yield
    from` and `async for` all delegate through `SEND`). A coroutine stepped by hand is
    resumed by code that runs (`probe.close()`, `probe.send(None)`, a `with` block's exit, a
    deletion), not by a frame suspended in an await, or from no task's step at all. Bound as
    defaults: a module global can be replaced."""
    frame = frame.f_back
    while frame is not None:
        code = frame.f_code
        if code is _step:
            return True
        if not code.co_flags & _flags:
            return False
        raw, at = code.co_code, frame.f_lasti
        while at > 0 and raw[at] == _cache:  # (3.12 may point into SEND's inline cache)
            at -= 2
        if raw[at] not in _delegating:
            return False
        frame = frame.f_back
    return False


def _internal(obj: Any, field: str, _getframe=_getframe) -> Any:
    """Where asyncio's own code finds `field` (`_locked`, `_waiters`, `_value` ...) of traced
    primitive `obj`: its base class's method called on it (`asyncio.Lock.release(lock)`) or
    the field read or set by name.

    In a notebook, on the primitive `obj` stands for, as for any asyncio object. In a check
    process's run, for an object the test made, nowhere: the run fails (`private`) and
    AttributeError is raised. The primitive the test's object stands for is kept by the
    ledger alone (see `_trace.register`), so nothing done through the base class reaches it,
    whether or not it is undone before anything looks."""
    ledger = find_ledger(_getframe())
    if ledger is not None and identity(obj) in ledger.contents:
        name = ledger.objects.get(identity(obj), ("?",))[0]
        ledger.private.append(f"{field} of {obj.kind()} {name!r}")
        raise AttributeError(f"{name!r} is the checks' {obj.kind()}: use its own methods (for example "
                             f"`lock.release()`, not `asyncio.Lock.release(lock)`); asyncio's code cannot "
                             f"reach its {field}")
    own = obj.__dict__.get("_own")
    if own is None:
        raise AttributeError(f"{field}: this traced primitive is used outside the run that made it")
    return own


class _Field(tuple):
    """A field of asyncio's implementation (`_locked`, `_waiters` ...) on a traced primitive: a
    data descriptor, so it is found before anything in the instance's `__dict__` (see
    `_internal`). A tuple of the field's name (`_fields_of` makes them): a slot holding it could be
    rewritten in place, as `_Field.__init__` could, unseen (see _descriptors)."""

    __slots__ = ()

    def __get__(self, obj: Any, cls: type | None = None) -> Any:
        name = _item(self, 0)
        return self if obj is None else getattr(_internal(obj, name), name)

    def __set__(self, obj: Any, value: Any) -> None:
        name = _item(self, 0)
        setattr(_internal(obj, name), name, value)

    def __delete__(self, obj: Any) -> None:
        name = _item(self, 0)
        delattr(_internal(obj, name), name)


_item, _new = tuple.__getitem__, tuple.__new__


def _fields_of(cls: type, sample: Any) -> type:
    """Give traced class `cls` a `_Field` for each private field asyncio's code keeps on
    `sample` (an instance of its base class, made on this Python: the fields differ between
    versions), and for the loop it binds to, unless `cls` defines the name itself."""
    names = {name for name in vars(sample) if name.startswith("_")} | {"_loop"}
    for name in sorted(names):
        if name not in vars(cls):
            setattr(cls, name, _new(_Field, (name,)))
    return cls


class Traced:
    """Mixin: a name, the trace to write, the tasks holding the object, and the asyncio
    primitive it stands for.

    A traced primitive is an instance of its asyncio class (`isinstance(lock, asyncio.Lock)`)
    whose every public method is its own: each does what asyncio's does, on the primitive
    it stands for (`_real`), and records it. It keeps none of asyncio's state itself; in a
    check process, the primitive it stands for is the ledger's (see `_internal`)."""

    _trace: Trace

    # Read-only, and in a check process the ledger's (see `_name_of`): `_name` below is only what
    # a notebook's object answers.
    name = FixedProperty(_own_name, name="name")

    def _init_traced(self, trace: Trace, name: str, own: Any) -> None:
        fields = self.__dict__
        fields["_name"] = name
        fields["_trace"] = trace
        fields["_own"] = own
        # task -> how many times it holds this object (a plain dict: Counter's
        # deletion is Python code, and this runs on every release).
        fields["_holders"] = {}

    def _real(self) -> Any:
        """The asyncio primitive this one stands for: in a check process's run, the ledger's."""
        real = _held(self, self.__dict__.get("_own"), _getframe())
        if real is None:
            raise RuntimeError(f"{self.name!r} is the checks' {self.kind()}, used outside the run that made it")
        return real

    def kind(self) -> str:
        """Its asyncio class's name ("Lock", "BoundedSemaphore" ...)."""
        return next(c.__name__ for c in type(self).__mro__ if c.__module__.startswith("asyncio"))

    def _record(self, kind: str, detail: Any = None) -> None:
        _emit(self, kind, detail)

    def _hold(self) -> None:
        task = self._trace.current_task()
        if task is not None:
            self._holders[task] = self._holders.get(task, 0) + 1
        _emit(self, "acquire", task=task)

    def _unhold(self) -> None:
        holders = self._holders
        task = actor = self._trace.current_task()
        # A semaphore may be released by another task than the one that took
        # it: then forget the oldest holder, so counts stay right.
        if task not in holders and holders:
            task = next(iter(holders))
        count = holders.get(task, 0)
        if count > 1:
            holders[task] = count - 1
        elif count:
            del holders[task]
        _emit(self, "release", task=actor)

    @FixedProperty
    def holders(self) -> list[asyncio.Task]:
        """Tasks currently holding this object (lock, semaphore permits). In a check process,
        for an object the test made, the ledger's record (`_holders` is the solution's to
        rewrite, the ledger is not: see _trace)."""
        ledger = find_ledger(_getframe())
        if ledger is not None and identity(self) in ledger.objects:
            return [holder for holder, _ in ledger.holders.get(identity(self), {}).values()]
        return list(self._holders)

    def describe(self) -> str:
        return f"{self.kind()} {self.name!r}"

    def __repr__(self) -> str:
        # asyncio's, with this object's class and name for its own: `<asyncio.locks.Lock object
        # at 0x7f... [unlocked]>`, `<Queue at 0x7f... maxsize=1>`: what follows the address.
        state = repr(self._real()).rpartition(" at 0x")[2].partition(" ")[2][:-1]
        return f"<{type(self).__name__} {self.name!r}{' ' + state if state else ''}>"

    __str__ = __repr__


class TracedLock(Traced, asyncio.Lock):
    def __init__(self, trace: Trace, name: str) -> None:
        self._init_traced(trace, name, asyncio.Lock())

    async def acquire(self) -> bool:
        real = self._real()
        # Lock.acquire blocks when the lock is held, and also when it was just
        # released to a waiter that has not run yet (asyncio's fairness, 3.11+):
        # `locked()` is False then, yet this task waits its turn.
        waited = real._locked or any(not w.cancelled() for w in real._waiters or ())
        mark = None
        if waited:
            self._record("wait")
            mark = _mark(_getframe())
        try:
            await real.acquire()
        except asyncio.CancelledError:
            if waited:
                self._record("give-up")
            raise
        finally:
            if waited:
                _waited(mark, "acquire")
        self._hold()
        return True

    def release(self) -> None:
        self._real().release()
        self._unhold()

    def locked(self) -> bool:
        return self._real().locked()


class TracedSemaphore(Traced, asyncio.Semaphore):
    def __init__(self, trace: Trace, name: str, value: int = 1, _kind=asyncio.Semaphore) -> None:
        self._init_traced(trace, name, _kind(value))
        self.initial_value = value

    async def acquire(self) -> bool:
        real = self._real()
        waited = real.locked()
        mark = None
        if waited:
            self._record("wait")
            mark = _mark(_getframe())
        try:
            await real.acquire()
        except asyncio.CancelledError:
            if waited:
                self._record("give-up")
            raise
        finally:
            if waited:
                _waited(mark, "acquire")
        self._hold()
        return True

    def release(self) -> None:
        self._real().release()  # a bounded semaphore's raises ValueError when released too often
        self._unhold()

    def locked(self) -> bool:
        return self._real().locked()

    @FixedProperty
    def permits_out(self) -> int:
        """Permits taken and not given back: its value when made, less its value now. In a check
        process, for a semaphore the test made, the value when made is the ledger's
        (`initial_value` is an attribute a solution can set)."""
        ledger = find_ledger(_getframe())
        initial = ledger.initial.get(identity(self)) if ledger is not None else None
        return (self.initial_value if initial is None else initial) - self._real()._value


class TracedBoundedSemaphore(TracedSemaphore, asyncio.BoundedSemaphore):
    def __init__(self, trace: Trace, name: str, value: int = 1) -> None:
        # The class named, not super(): no closure cell (see _guard).
        TracedSemaphore.__init__(self, trace, name, value, asyncio.BoundedSemaphore)


class TracedEvent(Traced, asyncio.Event):
    def __init__(self, trace: Trace, name: str) -> None:
        self._init_traced(trace, name, asyncio.Event())

    async def wait(self) -> bool:
        if self.is_set():
            self._record("passed")
            return True
        self._record("wait")
        mark, before = _mark(_getframe()), _signals(self, _getframe())
        try:
            await self._real().wait()
        except asyncio.CancelledError:
            self._record("give-up")
            raise
        finally:
            _waited(mark, "wait")
        _woken(before, "wait")
        self._record("woken")
        return True

    def is_set(self) -> bool:
        return self._real().is_set()

    def set(self) -> None:
        real = self._real()
        self._record("set", len(real._waiters))
        real.set()

    def clear(self) -> None:
        self._record("clear")
        self._real().clear()


class TracedCondition(Traced, asyncio.Condition):
    def __init__(self, trace: Trace, name: str, lock: asyncio.Lock | None = None) -> None:
        lock = lock if lock is not None else TracedLock(trace, f"{name}.lock")
        self._init_traced(trace, name, asyncio.Condition(lock))
        self.lock = lock

    # asyncio's Condition takes these from its lock when made (instance attributes); here they
    # are methods, that ask the lock it stands for.
    async def acquire(self) -> bool:
        return await self._real().acquire()

    def release(self) -> None:
        self._real().release()

    def locked(self) -> bool:
        return self._real().locked()

    async def wait(self) -> bool:
        self._record("wait")
        mark = _mark(_getframe())
        try:
            result = await self._real().wait()
        except asyncio.CancelledError:
            self._record("give-up")
            raise
        finally:
            _waited(mark, "wait")
        # (Not `_woken`: Python 3.13's Condition passes a cancelled waiter's notify() on to the
        # next waiter itself, which may have begun to wait after that notify() was recorded.)
        self._record("woken")
        return result

    def notify(self, n: int = 1) -> None:
        real = self._real()
        self._record("notify", n)
        real.notify(n)

    def notify_all(self) -> None:
        real = self._real()
        self._record("notify", "all")
        real.notify_all()


class TracedQueue(Traced, asyncio.Queue):
    """A FIFO queue whose level is the number of items in it."""

    def __init__(self, trace: Trace, name: str, maxsize: int = 0) -> None:
        self._init_traced(trace, name, asyncio.Queue(maxsize))

    async def put(self, item: Any) -> None:
        real = self._real()
        if not real.full():
            return self.put_nowait(item)
        self._record("wait-put")
        mark = _mark(_getframe())
        try:
            await real.put(item)
        finally:
            _waited(mark, "put")
        self._record("put", item)

    def put_nowait(self, item: Any) -> None:
        self._real().put_nowait(item)
        self._record("put", item)

    async def get(self) -> Any:
        real = self._real()
        if not real.empty():
            return self.get_nowait()
        self._record("wait-get")
        mark = _mark(_getframe())
        try:
            item = await real.get()
        finally:
            _waited(mark, "get")
        self._record("get", item)
        return item

    def get_nowait(self) -> Any:
        item = self._real().get_nowait()
        self._record("get", item)
        return item

    def task_done(self) -> None:
        self._real().task_done()
        self._record("task-done")

    async def join(self) -> None:
        await self._real().join()
        _joined(self, self._real()._unfinished_tasks, _getframe())

    def qsize(self) -> int:
        return self._real().qsize()

    def empty(self) -> bool:
        return self._real().empty()

    def full(self) -> bool:
        return self._real().full()

    @FixedProperty
    def maxsize(self) -> int:
        return self._real().maxsize

    if hasattr(asyncio.Queue, "shutdown"):  # Python 3.13+
        def shutdown(self, immediate: bool = False) -> None:
            self._real().shutdown(immediate)


class TracedBarrier(Traced, asyncio.Barrier):
    def __init__(self, trace: Trace, name: str, parties: int) -> None:
        self._init_traced(trace, name, asyncio.Barrier(parties))

    async def wait(self) -> int:
        real = self._real()
        self._record("arrive", real.n_waiting + 1)
        try:
            index = await real.wait()
        except asyncio.BrokenBarrierError:
            self._record("broken")
            raise
        except asyncio.CancelledError:
            self._record("give-up")
            raise
        self._record("passed", index)
        return index

    async def reset(self) -> None:
        await self._real().reset()

    async def abort(self) -> None:
        self._record("abort")
        await self._real().abort()

    @FixedProperty
    def parties(self) -> int:
        return self._real().parties

    @FixedProperty
    def n_waiting(self) -> int:
        return self._real().n_waiting

    @FixedProperty
    def broken(self) -> bool:
        return self._real().broken


_fields_of(TracedLock, asyncio.Lock())
_fields_of(TracedSemaphore, asyncio.Semaphore())
_fields_of(TracedBoundedSemaphore, asyncio.BoundedSemaphore())
_fields_of(TracedEvent, asyncio.Event())
_fields_of(TracedCondition, asyncio.Condition())
_fields_of(TracedQueue, asyncio.Queue())
_fields_of(TracedBarrier, asyncio.Barrier(1))


class TracedCalls:
    """An async callable that calls `fn` and traces each call: `call` (detail: the
    arguments), then `return` or `raise` (detail: the exception's class name).

    For a callable a check hands to student code (a circuit breaker's `fn`, say):
    `sim.trace.count(name, "call")` is how many times the solution called it, from
    the ledger in a check process, so an object the solution can reach (a list of
    calls kept by `fn`'s owner) is not what a check counts on."""

    __slots__ = ("_name", "_trace", "_fn", "_is_coroutine_marker", "_is_coroutine")

    def __init__(self, trace: Trace, name: str, fn: Callable[..., Any]) -> None:
        self._name, self._trace, self._fn = name, trace, fn
        # A coroutine function to inspect.iscoroutinefunction (3.12+ reads the first marker)
        # and to asyncio.iscoroutinefunction (3.11 reads the second).
        self._is_coroutine_marker = getattr(inspect, "_is_coroutine_mark", None)
        self._is_coroutine = getattr(asyncio.coroutines, "_is_coroutine", None)

    @FixedProperty
    def name(self) -> str:
        """Read-only, and in a check process the ledger's (see `_name_of`)."""
        return _name_of(self, self._name)

    async def __call__(self, *args: Any, **kwargs: Any) -> Any:
        _emit(self, "call", args)
        fn = _held(self, self._fn, _getframe())  # in a check process, kept by the ledger only (see _trace.register)
        try:
            result = await fn(*args, **kwargs)
        except BaseException as exc:
            _emit(self, "raise", type(exc).__name__)
            raise
        _emit(self, "return")
        return result

    def __repr__(self) -> str:
        return f"<traced {self.name} calling {_held(self, self._fn, _getframe())!r}>"

    def __getattr__(self, attribute: str) -> Any:
        # The names a coroutine function has (a breaker may name `fn.__name__` in its message or
        # log: red-team pass 36): the name the test gave it.
        if attribute in ("__name__", "__qualname__"):
            return self.name
        raise AttributeError(f"{type(self).__name__!r} object has no attribute {attribute!r}")


def _held(obj: Any, own: Any, caller, _getframe=_getframe) -> Any:
    """The contents of a traced set or list: in a check process's run, the ledger's copy (see
    `_trace.register`), which nothing a solution holds leads to; elsewhere `own`, the object's
    private store. Never the base class's storage, which the object keeps empty: a base-class
    method (`set.add(active, x)`, `list.__getitem__(counter, 0)`) reaches nothing the checks
    read, so it cannot add or read an element unseen. The ledger's copy goes only to the
    harness's own code (`caller`, its frame: see `find_ledger_for`)."""
    ledger = find_ledger_for(_getframe(), caller)
    if ledger is not None:
        held = ledger.contents.get(identity(obj))
        if held is not None:
            return held
    return own


def _due_failure(obj: Any, kind: str, own: Any, caller,
                 _getframe=_getframe) -> BaseException | None:
    """The error the `kind` ("read" or "write") traced list `obj` is about to make must raise
    instead (see `Simulation.shared_list`'s `fails`); None: it goes through. In a check
    process's run, what fails and how many such accesses came before are the ledger's (its
    events under the name the test gave `obj`); elsewhere `own`, the list's own setting, and
    its trace. To the harness's own code only (`caller`, its frame: see `find_ledger_for`)."""
    ledger = find_ledger_for(_getframe(), caller)
    if ledger is not None and identity(obj) in ledger.objects:
        fails = ledger.faults.get(identity(obj))
        if fails is None or fails[0] != kind:
            return None
        name, failing = ledger.objects[identity(obj)][0], "failing-" + kind
        done = sum(1 for event in ledger.events if event[3] == name and event[4] in (kind, failing))
    else:
        if own is None or own[0] != kind:
            return None
        fails, done = own, obj._trace.count(obj.name, kind) + obj._trace.count(obj.name, "failing-" + kind)
    return fails[2] if done + 1 == fails[1] else None


_ABSENT = object()  # (what a traced set's store answers for an element it does not hold)


class TracedSet(set):
    """A set whose size is traced: its level is the number of elements in it.

    Every element that really enters it records an `add`, every element that
    really leaves it a `discard` (whatever method did it: `add`, `|=`,
    `update`, `remove`, `pop` ...), so `Trace.peak(name)` is the most
    elements it ever held at once, e.g. the calls in flight. Its elements live
    in a store of its own (see `_held`), not in the base set, which stays
    empty; reading it (`in`, `len`, iteration, set operations) works as on a set.
    """

    def __init__(self, trace: Trace, name: str, values: Iterable = ()) -> None:
        set.__init__(self)  # (not super(): no closure cell, see _guard)
        self.__dict__["_name"] = name  # (`name` answers it: see Traced.name)
        self._trace = trace
        # Each element maps to itself: a dict keeps the very object that went in, so the object
        # that leaves (whatever equal object `discard` was handed) is what its event files. An add
        # and a discard of one element carry one object, which a check keys by identity or value
        # (an int subclass added, the plain int discarded, would otherwise file two elements).
        self._items: dict = {}
        self.update(values)

    # An event is recorded when the size changed, not when a membership test said it would:
    # an element of a solution's class may answer `==` one way, then the other.
    def add(self, item: Any) -> None:
        items = _held(self, self._items, _getframe())
        before = len(items)
        items.setdefault(item, item)
        if len(items) > before:
            _emit(self, "add", item)

    def discard(self, item: Any) -> None:
        items = _held(self, self._items, _getframe())
        before = len(items)
        stored = items.pop(item, _ABSENT)
        if len(items) < before:
            _emit(self, "discard", stored)

    def remove(self, item: Any) -> None:
        items = _held(self, self._items, _getframe())
        before = len(items)
        stored = items.pop(item)  # KeyError, as for a set, when it is absent
        if len(items) < before:
            _emit(self, "discard", stored)

    def pop(self) -> Any:
        items = _held(self, self._items, _getframe())
        if not items:
            raise KeyError("pop from an empty set")
        item = items.popitem()[1]
        _emit(self, "discard", item)
        return item

    def clear(self) -> None:
        for item in list(_held(self, self._items, _getframe())):
            self.discard(item)

    def update(self, *others: Iterable) -> None:
        for other in others:
            for item in list(other):
                self.add(item)

    def difference_update(self, *others: Iterable) -> None:
        for other in others:
            for item in list(other):
                self.discard(item)

    def intersection_update(self, *others: Iterable) -> None:
        keep = set(_held(self, self._items, _getframe())).intersection(*others)
        for item in [i for i in _held(self, self._items, _getframe()) if i not in keep]:
            self.discard(item)

    def symmetric_difference_update(self, other: Iterable) -> None:
        for item in set(other):
            if item in _held(self, self._items, _getframe()):
                self.discard(item)
            else:
                self.add(item)

    def __ior__(self, other):
        self.update(other)
        return self

    def __isub__(self, other):
        self.difference_update(other)
        return self

    def __iand__(self, other):
        self.intersection_update(other)
        return self

    def __ixor__(self, other):
        self.symmetric_difference_update(other)
        return self

    # Reading: as a set holding the same elements.
    def __contains__(self, item: Any) -> bool:
        return item in _held(self, self._items, _getframe())

    def __len__(self) -> int:
        return len(_held(self, self._items, _getframe()))

    def __iter__(self):
        return iter(list(_held(self, self._items, _getframe())))

    def __repr__(self) -> str:
        return f"{type(self).__name__}({set(_held(self, self._items, _getframe()))!r})"

    def copy(self) -> set:
        return set(_held(self, self._items, _getframe()))

    __hash__ = None  # type: ignore[assignment]

    name = FixedProperty(_own_name, name="name")  # (see Traced.name)


def _method(owner: type, name: str, body: str) -> None:
    """Set `owner.<name>` to a method `(self, *args, **kwargs)` that returns `body` (Python
    source, with `{name}` for the method's name as a string), `name` a constant of its code.
    Written out, not made by a closure over `name`: a closure cell can be replaced and put back
    between two looks of the guard unseen (see _guard)."""
    namespace: dict = {}
    source = f"def {name}(self, *args, **kwargs):\n    return {body.format(name=repr(name))}\n"
    exec(compile(source, __file__, "exec"), globals(), namespace)
    method = namespace[name]
    method.__qualname__ = f"{owner.__name__}.{name}"
    setattr(owner, name, method)


for _name in ("__eq__", "__ne__", "__lt__", "__le__", "__gt__", "__ge__", "__or__", "__ror__", "__and__",
              "__rand__", "__sub__", "__rsub__", "__xor__", "__rxor__", "union", "intersection", "difference",
              "symmetric_difference", "issubset", "issuperset", "isdisjoint"):
    # A reader: the set's elements, read as a set, answer (what the set operand holds, as a set).
    _method(TracedSet, _name, "getattr(set(_held(self, self._items, _getframe())), {name})("
                              "*(set(a) if isinstance(a, TracedSet) else a for a in args), **kwargs)")
del _name


class TracedList(list):
    """A list that records every index read and write (shared mutable state).

    `counter[0] += 1` split by an `await` shows up as a `read` ... `write`
    pair; `Trace.overlapping(name)` finds lost updates. With `guarded_by`, a
    write made while the current task does not hold that lock (or
    semaphore) is also recorded as `unguarded-write`. With `suspensions`
    (the loop's `count_suspensions`, as `Simulation.shared_list` passes it),
    each read and write also records how many times its task had suspended
    by then (`TraceEvent.suspensions`): a read and a write with the same
    count had no suspension between them, whatever the task awaited.

    Its values live in a store of its own (see `_held`), not in the base list,
    which stays empty: every way to read them (an index, iteration, `in`,
    comparison, `repr`) records a read of each value it shows. It has a fixed
    length: read and write by index; `append`, `pop` and the like raise TypeError.
    """

    def __init__(self, trace: Trace, name: str, values: list, guarded_by: Traced | None = None,
                 suspensions: Callable[[asyncio.Task], int] | None = None,
                 fails: tuple[str, int, BaseException] | None = None) -> None:
        list.__init__(self)  # (not super(): no closure cell, see _guard)
        self._items = list(values)
        self.__dict__["_name"] = name  # (`name` answers it: see Traced.name)
        self._trace = trace
        self._guard = guarded_by
        self._suspensions = suspensions
        self._fails = fails  # see Simulation.shared_list; in a check process, moved to the ledger

    name = FixedProperty(_own_name, name="name")  # (see Traced.name)

    def _fail_if_due(self, kind: str, index: int | None) -> None:
        """Raise the error `fails` gives for this `kind` ("read" or "write") of item `index`
        (None: all of them), recorded as a `failing-<kind>`, if this is the access that fails."""
        error = _due_failure(self, kind, self._fails, _getframe())
        if error is not None:
            _emit(self, "failing-" + kind, index)
            raise error

    def _suspended(self) -> int | None:
        """How many times the acting task has suspended so far (None where nothing counts)."""
        task = self._trace.current_task()
        return self._suspensions(task) if self._suspensions is not None and task is not None else None

    def __getitem__(self, index):
        self._fail_if_due("read", index)
        value = _held(self, self._items, _getframe())[index]
        _emit(self, "read", (index, value), suspended=True)
        return value

    def _read_all(self) -> list:
        """A copy of the values, each recorded as read (iteration, `in`, comparison, repr)."""
        self._fail_if_due("read", None)
        values = list(_held(self, self._items, _getframe()))
        for index, value in enumerate(values):
            _emit(self, "read", (index, value), suspended=True)
        return values

    def __iter__(self):
        return iter(self._read_all())

    def __reversed__(self):
        return reversed(self._read_all())

    def __contains__(self, value: Any) -> bool:
        return value in self._read_all()

    def __len__(self) -> int:
        return len(_held(self, self._items, _getframe()))

    def __repr__(self) -> str:
        return repr(self._read_all())

    def copy(self) -> list:
        return self._read_all()

    def index(self, *args: Any) -> int:
        return self._read_all().index(*args)

    def count(self, value: Any) -> int:
        return self._read_all().count(value)

    def __setitem__(self, index, value) -> None:
        if isinstance(index, slice):
            # A slice assignment writes each item it covers, and is recorded so (`counter[0:1] = [n]` writes
            # n to item 0, as `counter[0] = n` does: recorded as one write of the list [n] to a slice, a
            # correct P01 solution lost the checks that each write is an int, red-team pass 101); one that
            # would change the list's length is refused, as `append` is.
            covered = range(*index.indices(len(_held(self, self._items, _getframe()))))
            values = list(value)
            if len(values) != len(covered):
                raise TypeError(f"{self.name!r} is the checks' shared list, of fixed length: a slice assignment "
                                f"must give as many items as it replaces ({len(covered)}, not {len(values)})")
            for item, each in zip(covered, values):
                TracedList.__setitem__(self, item, each)
            return
        self._fail_if_due("write", index)
        _held(self, self._items, _getframe())[index] = value
        in_check_process = _emit(self, "write", (index, value), suspended=True)
        if self._guard is not None and not in_check_process:  # (in a check process the ledger decides)
            # Guarded: held by the writing task or by a task awaiting it (see `_awaiting.awaiters`).
            holders, writer = self._guard.holders, asyncio.current_task()
            if writer not in holders and not any(above in holders for above in _awaiters(writer)):
                _emit(self, "unguarded-write", (index, value))


def _refuse(self: TracedList, name: str) -> NoReturn:
    raise TypeError(f"{self.name!r} is the checks' shared list: read and write its items by index "
                    f"(`{self.name}[0] = ...`); it has no {name}()")


for _name in ("__eq__", "__ne__", "__lt__", "__le__", "__gt__", "__ge__", "__add__", "__radd__", "__mul__",
              "__rmul__"):
    _method(TracedList, _name, "getattr(self._read_all(), {name})(*args, **kwargs)")  # a reader, of every item
for _name in ("append", "extend", "insert", "pop", "remove", "clear", "sort", "reverse", "__delitem__",
              "__iadd__", "__imul__"):
    _method(TracedList, _name, "_refuse(self, {name})")  # fixed length
TracedList.__hash__ = None  # type: ignore[assignment]
del _name
