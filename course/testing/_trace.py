"""The trace: who did what to which primitive, and when (virtual time).

A `Trace` is an append-only list of `TraceEvent`s written by the traced
primitives (see `_primitives.py`) and by scenarios (`Trace.note`). It keeps a
running *level* per object (holders of a lock or semaphore, items in a
queue) so the invariants tests need most are one call: `peak("sem")`.
The same events are what the notebook visuals draw.
"""

from __future__ import annotations

import asyncio
import sys
import threading
from collections import defaultdict
from dataclasses import dataclass
from typing import Any, Callable, Iterator

from ._awaiting import awaiters as _awaiters
from ._descriptors import FixedDescriptor, FixedProperty, functions_in
from ._identity import identity
from ._records import record_repr


#: Where a run that traces sleeps (`Simulation.trace_sleeps`) files them: each `asyncio.sleep(delay)`
#: that ran its full course (its timer fired; a sleep cancelled first is not one) is a `SLEPT` event
#: on the object `SLEEPS`, by the task that slept, at the virtual time it ended (detail: the delay
#: asked, in seconds, a float). Filed by the event loop (`_loop`), not by anything the sleeper
#: calls: where a contract's work is a sleep (P06's processing, `await asyncio.sleep(0.005)`), it
#: says whose task did the work, which no record a solution writes can.
SLEEPS, SLEPT = "asyncio.sleep", "slept"

#: A loop step (`Simulation.trace_steps`): filed by the event loop as each step ends, as the work of the
#: task whose step it was (a plain callback: the task on whose behalf it runs, else "main"), with the
#: tasks awaiting that task then (its `awaiters`). Where a check judges work by the steps the loop ran
#: (P03: nothing before the signal), it says whose steps they were, which no record a solution writes can.
LOOP, STEP = "event loop", "step"

#: The kinds of event whose `TraceEvent.awaiters` is worked out: the ones a check asks "whose work
#: was this" of (a write under a lock, a lock or permit taken or given back, a set's members, a
#: queue's items put, taken and marked done, a watched deque's items taken: `_watched`, a sleep
#: that ran its course: `SLEPT`, a loop step: `STEP`).
#: Working it out reads asyncio's fields up the chain of awaiting tasks at every such event, a cost
#: the other kinds (waits, wake-ups, reads, notes: most events) do not pay.
AWAITED_KINDS = frozenset({"acquire", "release", "write", "failing-write", "unguarded-write", "add", "discard",
                           "put", "get", "task-done", "take", "take-out-of-order", SLEPT, STEP})


@dataclass(slots=True, repr=False)  # (no closure cells: see _records)
class TraceEvent:
    """One thing that happened: at virtual `time`, `task` did `kind` on `obj`.

    `suspensions`, where recorded (reads and writes of a traced list), is how
    many times the acting task had given control to the event loop by then:
    two accesses with the same count happened in one uninterrupted run of
    the task, with no suspension between them.

    `awaiters` names the tasks that were awaiting the acting task then, nearest
    first (the task that awaits it directly, through a gather, or at the end of
    the `async with` of its TaskGroup; the one awaiting that one; ...: see
    `_awaiting.awaiters`). A call that holds a lock while a task it awaits does
    the work covers that work: `holder in event.on_behalf_of`.
    It is worked out for the kinds in `AWAITED_KINDS` (taking and giving back a
    lock or permit, writes, a set's adds and discards, a queue's puts and gets) and is () for
    the others.
    """

    seq: int
    time: float
    task: str
    obj: str
    kind: str
    level: int
    detail: Any = None
    suspensions: int | None = None
    awaiters: tuple[str, ...] = ()

    __repr__ = record_repr

    @FixedProperty
    def on_behalf_of(self) -> tuple[str, ...]:
        """The acting task, then the tasks awaiting it then, nearest first (`awaiters`): every
        task whose work this event is (what `Trace.select(working_for=...)` matches by, in a
        plain run). A call that holds a lock covers the event if it is among them."""
        return (self.task, *self.awaiters)

    def __str__(self) -> str:
        extra = f" {self.detail}" if self.detail is not None else ""
        return f"t={self.time:.6f}s {self.task}: {self.kind} {self.obj}{extra}"


@dataclass(slots=True, repr=False, unsafe_hash=True)  # (not frozen: no closure cells, see _records)
class Span:
    """An interval a task spent in one state of one object ("hold", "wait")."""

    task: str
    obj: str
    state: str
    start: float
    end: float

    __repr__ = record_repr


@dataclass(slots=True, repr=False, unsafe_hash=True)  # (not frozen: no closure cells, see _records)
class Premature:
    """An event that came too soon after the event it answers (see `Trace.too_soon`)."""

    answers: str  # the kind of event it answers ("get")
    cause: TraceEvent | None  # the one it answers; None: there had not been as many yet
    effect: TraceEvent

    __repr__ = record_repr

    def __str__(self) -> str:
        e, c = self.effect, self.cause
        said = f"{e.task}'s {e.kind} on {e.obj} at t={e.time:.3f} s"
        if c is None:
            return f"{said} came with no {self.answers} left to answer (more {e.kind}s than {self.answers}s)"
        who = "its own" if c.task == e.task else f"{c.task}'s"
        return f"{said} came {(e.time - c.time) * 1000:.1f} ms after {who} {c.kind} it answers"


def _running_task() -> asyncio.Task | None:
    try:
        return asyncio.current_task()
    except RuntimeError:  # no running loop
        return None


#: In a check process, every event of a run is also kept in a *ledger*, a local variable of
#: `drive`'s frame and of the ledger keeper's (`_doorkeeper`: so no object a solution is given
#: leads to it), and every question is
#: answered from it. Only the traced primitives' own public methods (through `emit`) and the
#: test cells' code may add to it; anything else that records an event (a solution calling
#: `trace.record` or a primitive's private helper) is noted as forged, and the run fails.
#: Where no ledger is on the stack (a notebook's demos and visible checks), the trace is what
#: it always was.
#: The name of `drive`'s local that holds the ledger.
LEDGER = "__course_ledger__"
_getframe = sys._getframe
_MODULES = sys.modules  # (the interpreter's registry, whatever is later set at `sys.modules`)


def _doorkeeper(_getframe=_getframe, _ident=threading.get_ident, _dict=dict, _tuple=tuple, _len=len, _id=identity):
    """The ledger of the run in progress, kept in this generator's frame (`runs`), handed only
    to the harness's own functions, on the run's thread (see `find_ledger`).

    A generator's locals are reached through its frame alone (`gi_frame`), which the threat model
    leaves out, as it leaves out `drive`'s frame, where the ledger was looked up before: that
    lookup walked every frame between the asking function and `drive` (~3 us a lookup, most of
    the checks' overhead). Every request carries the frame of the function that sends it
    (`sys._getframe()`), which must be the frame `send` was called from: a solution cannot name
    a frame, so a call of `send` it routes through C code (a `map` run by a loop callback, whose
    nearest Python frame is the loop's own) is refused. Requests (`send`):
    - `(harness_codes,)`, once, at the import of `course.testing`: the code objects of its
      functions, by identity (a function compiled under one of its file names is not one), each
      with its module's name; every run's ledger gets this table as `harness` when it begins,
      keyed by `identity(code)` (a code object's hash is worked out from its contents at every lookup;
      the keeper keeps each code object alive, so no other object ever has its key).
    - the asking function's own frame: the ledger, if that function is one of the harness's, on
      the run's thread; else None. Asked from another thread during a run: None, and the run
      fails.
    - `("begin", ledger, frame)` / `("end", frame)`, from `drive` only: a run starts / ends on
      this thread. `begin` during a run is answered False (a run inside the run).
    Any request from another thread during a run fails the run (a solution's thread sending in a
    loop keeps the keeper busy: the run's own lookups, refused meanwhile, answer as outside a run).
    Anything thrown in (`throw`, `close`) during a run fails it; the keeper keeps its place.
    Between runs, `close()` ends it, and every later run then fails to start (see `drive`). An
    exception raised inside it (the runner's watchdog stops a run by raising in its thread,
    wherever it is) is handed back as the answer (`_Raising`), and the keeper lives on."""
    harness: dict = {}  # identity(code) -> module name
    codes: dict = {}  # code -> module name: what keeps each code object, and so its key, alive
    runs: list = []  # (thread, ledger) of the run in progress (never more than one)
    # This generator's own frame: while `send` runs it, its `f_back` is the frame `send` was called
    # from, as `_getframe(1)` would say, without the audit event every `sys._getframe` raises (the
    # guard's audit hook runs for each: see _identity).
    own = _getframe()
    answer = None
    while True:
        try:
            request = yield answer
        except GeneratorExit:
            if not runs:
                return
            runs[-1][1].changed.append("the checks' ledger keeper (closed during a run)")
            answer = None
            continue
        except (SystemExit, KeyboardInterrupt) as exc:
            # The runner's watchdog stopping a run raises in its thread wherever it is, here too:
            # handed back, to be raised where the keeper was asked (see `_Raising`).
            answer = _Raising(exc)
            continue
        except BaseException:
            if runs:
                runs[-1][1].changed.append("the checks' ledger keeper (an exception thrown into it)")
            answer = None
            continue
        try:
            answer = None
            asker = own.f_back
            if request is asker:
                thread, ledger = runs[-1] if runs else (None, None)
                if ledger is None:
                    pass
                elif _ident() != thread:
                    ledger.forged.append(f"{asker.f_code.co_name} (in a thread your code started, while a check ran)")
                elif _id(asker.f_code) in harness:
                    answer = ledger
                ledger = None
            elif runs and _ident() != runs[-1][0]:
                # Anything else sent from another thread during a run is a solution's too: sent in a
                # loop, it keeps the keeper busy, and the run's own lookups then find it so (answered
                # as outside a run, a trace read from its public record).
                runs[-1][1].forged.append("the checks' ledger keeper (asked from a thread your code started, "
                                          "while a check ran)")
            elif type(request) is _tuple and request and request[-1] is asker and asker.f_code is _DRIVE_CODE:
                if request[0] == "begin" and _len(request) == 3:
                    if runs:
                        runs[-1][1].changed.append("a run of the checks' runner started inside the run")
                        answer = False
                    else:
                        request[1].harness = harness
                        runs.append((_ident(), request[1]))
                        answer = True
                elif request[0] == "end" and runs and runs[-1][0] == _ident():
                    runs.pop()
            elif type(request) is _tuple and _len(request) == 1 and not harness:
                codes = _dict(request[0])
                harness = {_id(code): name for code, name in codes.items()}
        except BaseException as exc:
            # Raised while answering (the watchdog's stop, landing between two lines of this loop;
            # anything else): the keeper must not end, or every later lookup fails. Handed back.
            answer = _Raising(exc)
        # Not kept past the answer: a frame keeps its function's locals (a task, an exception)
        # alive, and the keeper lives as long as the process.
        asker = request = None


class _Raising:
    """The keeper's answer when an exception was raised inside it (the runner's watchdog stops a
    run by raising in its thread, wherever it is): any use of the answer (an attribute, its truth)
    raises that exception where the keeper was asked, outside the keeper, which lives on."""

    __slots__ = ("_exc",)

    def __init__(self, exc: BaseException) -> None:
        object.__setattr__(self, "_exc", exc)

    def __getattribute__(self, name: str):
        raise object.__getattribute__(self, "_exc")

    def __bool__(self) -> bool:
        raise object.__getattribute__(self, "_exc")


_KEEPER = _doorkeeper()
next(_KEEPER)
# Called by name, never taken as a parameter: a function of the harness that hands its own frame
# to a callable its caller may pass (a default argument: `emit(..., _find=relay)`) hands it to
# code of the caller's, which can send it on through C code (red-team pass 38).
_send = _KEEPER.send


def drive(__course_ledger__, run: Callable[[Any], Any], awaitable: Any, _getframe=_getframe) -> Any:
    """`run(awaitable)`: the runner runs its loop through this (`_run_one`, and winding down).
    With a ledger (a check process), the run's ledger is handed to the keeper for the run's
    length (see `_doorkeeper`) and kept in this frame as well. A run driven inside a run (a
    solution calling this, or the runner, with a ledger of its own, so that what it does inside
    is filed there) is refused, and the run it was started in fails; so is any run once the
    keeper has been closed (a solution's `close()` between runs)."""
    if __course_ledger__ is None:
        return run(awaitable)
    try:  # (this frame is passed, never bound to a local of its own: see find_ledger)
        started = _send(("begin", __course_ledger__, _getframe()))
    except (StopIteration, ValueError):  # closed, or busy in a thread a solution started
        started = None
    if not started:
        raise RuntimeError("the checks' runner cannot be started inside a check, or once its ledger keeper "
                           "was closed")
    try:
        return run(awaitable)
    finally:
        try:
            _send(("end", _getframe()))
        except (StopIteration, ValueError):
            pass


def find_ledger(frame, _getframe=_getframe) -> Any:
    """The ledger of the run in progress, for the harness function whose frame is `frame`: it
    calls `find_ledger(sys._getframe())`. None outside a check process's run, for any other
    caller (a solution's function; or the harness's reached through C code a solution set up,
    which leaves no frame of its own: `frame` must be the very frame this was called from),
    and from a thread a solution started (that run then fails). The hottest paths ask the
    keeper themselves (`ask_ledger`), one call fewer."""
    # This frame is read once (each `sys._getframe` raises an audit event, which the guard's hook
    # sees: see _identity) and dropped before returning: a frame holding itself is a cycle that
    # keeps its locals, and the frames they lead to, alive until the collector runs.
    own = _getframe()
    try:
        ledger = _send(own)
    except (StopIteration, ValueError):  # closed (no run can start), or busy in a solution's thread
        return None
    finally:
        called_from, own = own.f_back, None
    if ledger is None or frame is not called_from or identity(frame.f_code) not in ledger.harness:
        return None
    return ledger


def find_ledger_for(frame, caller, _getframe=_getframe) -> Any:
    """`find_ledger(frame)` for a helper that hands what it gets on to its caller (`_primitives._mark`,
    `loop._plans`, ...): `caller`, the frame of the function that called the helper (it passes
    `sys._getframe()`), must be the harness's own too, and the very frame the helper was called
    from; else None, and the helper answers as outside a run."""
    own = _getframe()  # (read once, never kept: see find_ledger)
    try:
        ledger = _send(own)
    except (StopIteration, ValueError):
        return None
    finally:
        called_from, own = own.f_back, None
    if (ledger is None or frame is not called_from or identity(frame.f_code) not in ledger.harness
            or caller is not frame.f_back or identity(caller.f_code) not in ledger.harness):
        return None
    return ledger


def find_ledger_of_tests(frame, _getframe=_getframe) -> Any:
    """`find_ledger(frame)` for a method of the Simulation that changes how the run goes on or what
    it records (`let_time_pass`'s leaps, `own_steps`, `deque`, `trace_sleeps`, `trace_steps`): the
    ledger only if the first caller outside the harness is test code calling it by name, for the
    tests themselves (`genuine`; as `register` needs); else None,
    and the method acts as outside a check process, on the loop's fields, which a check process
    never reads. A solution can build a Simulation of its own, or reach the test's: red-team pass
    68 called `let_time_pass(0)` after each poll, whose ending switched off the leaps the test's
    own wait had begun."""
    own = _getframe()  # (read once, never kept: see find_ledger)
    try:
        ledger = _send(own)
    except (StopIteration, ValueError):
        return None
    finally:
        called_from, own = own.f_back, None
    if ledger is None or frame is not called_from or identity(frame.f_code) not in ledger.harness:
        return None
    entry, caller = first_caller_outside(ledger, frame)
    by_tests = caller is not None and called_by_tests(ledger, caller, entry) and genuine(ledger, caller)
    caller = entry = None
    return ledger if by_tests else None


def first_caller_outside(ledger, frame, module: str | None = None) -> tuple:
    """(entry, caller): up from harness frame `frame` through the frames whose code is the harness's
    (`ledger.harness`; with `module`, only that harness module's, as "_trace"), `entry` is the
    outermost of them and `caller` the frame that called it (None above the outermost frame). Told
    by code object, never by file name. The caller drops both frames once it has asked about them
    (see find_ledger)."""
    harness = ledger.harness
    entry, caller = frame, frame.f_back
    while caller is not None and (identity(caller.f_code) in harness if module is None
                                  else harness.get(identity(caller.f_code)) == module):
        entry, caller = caller, caller.f_back
    return entry, caller


def asked_by_tests(ledger, frame, *, through_asyncio: bool = True) -> bool:
    """Whether the first frame above harness frame `frame` outside the harness and asyncio's own
    code (`ledger.machinery`: a gather's cancel, say) runs the test cells' code (`ledger.tests`,
    by code object) for the tests themselves (`genuine`): a question asked for the tests,
    directly or through the harness (a Cut's property, the sweep), not by a solution's code.
    (Not by name, as `called_by_tests` asks: a property read through `_descriptors` has no frame
    named after it.) Without `through_asyncio`, for a question asyncio's code never asks (a
    run's cancel plans), the frames between are the harness's only: a solution's C callable
    that asyncio called (a class's `__class__`, read by `asyncio.iscoroutine` as a test made a
    task) had only asyncio's and the test's frames above it, and re-planned the test's cut
    (red-team pass 76, route `p06_c_class_replans_cut`)."""
    harness, machinery = ledger.harness, ledger.machinery if through_asyncio else ()
    up = frame.f_back
    try:
        while up is not None and (identity(up.f_code) in harness or identity(up.f_code) in machinery):
            up = up.f_back
        return up is not None and identity(up.f_code) in ledger.tests and genuine(ledger, up)
    finally:
        up = None


def genuine(ledger, frame) -> bool:
    """Whether frame `frame` (test code, or the harness acting for it) runs for the tests
    themselves: every frame from it up to the runner's `drive` runs the harness's code, the test
    cells' or asyncio's own machinery (`ledger.machinery`: the standard library's asyncio,
    contextlib and functools, read before any solution ran), never a solution's; and, in a step of
    the loop, the step is one of a task that such code made (`ledger.genuine`), not a plain
    callback. A solution can reach the test cells' functions (through a test's copy of a given
    class: `__subclasses__()`, then a method's `__globals__`) and call them, step their coroutines
    by hand, or make tasks of them: their frames then run test code, and a harness function that
    acts only for test code acted for the solution (red-team pass 74: a pool that called a test's
    own helper learned from the run's ledger which checkout the test planned to cancel; a worker
    that stepped a test's scenario had decoys filed under the test workers' names)."""
    harness, tests, machinery, root, dispatch = (ledger.harness, ledger.tests, ledger.machinery, ledger.root,
                                                 ledger.dispatch)
    stepped = False
    up = frame
    try:
        while True:
            if up is None:
                return False
            code = up.f_code
            if code is root:
                break
            if code is dispatch:
                stepped = True
            key = identity(code)
            if key not in harness and key not in tests and key not in machinery:
                return False
            up = up.f_back
    finally:
        up = code = None
    if not stepped:
        return True  # the runner's own code, outside any step (it makes the run's first task)
    acting = ledger.acting
    return acting is not None and identity(acting) in ledger.genuine


def _for_tests(frame) -> Any:
    """`find_ledger(frame)` for a trace's questions: the run's ledger only when asked on behalf of
    test code (`asked_by_tests`), else None (the trace's own events, which a check process's run
    never fills). Any trace a solution made answered it from the run's ledger until red-team
    pass 73's follow-up: a task read its own read's suspension count, counted from its start only
    if the test planned to cancel it (route `p01_reads_the_ledger_through_a_trace`), and the test's
    own notes were there to read."""
    own = _getframe()  # (read once, never kept: see find_ledger)
    ledger = find_ledger(own)
    called_from, own = own.f_back, None
    if ledger is None or frame is not called_from or identity(frame.f_code) not in ledger.harness:
        return None
    return ledger if asked_by_tests(ledger, frame) else None


def called_by_tests(ledger, caller, entry) -> bool:
    """Whether frame `caller` is test code whose instruction under way calls, by its name, the harness
    function whose frame is `entry` (its outermost frame below `caller`): not a solution's callable
    made of C parts that a test calls without naming it, and that calls the harness itself (C code
    has no frame, so the test's frame would be the caller). See `_callsites`; `ledger.calls` is made
    by the guard before any student code runs."""
    return (identity(caller.f_code), caller.f_lasti, entry.f_code.co_name) in ledger.calls


_DRIVE_CODE = drive.__code__
_task_name = asyncio.Task.get_name
_RECORDER_MODULES = ("_trace", "_primitives")  # whose functions record events (see `emit`)
_INF = float("inf")
#: `ask_ledger(sys._getframe())`: the ledger, asked by a function of the harness straight from
#: the keeper (one call fewer than `find_ledger`, on the hottest paths: a loop's call_soon, a
#: primitive's event). Raises StopIteration if a solution closed the keeper between runs (no
#: run can start then) and ValueError if a thread it started is inside the keeper (the run
#: then fails: see `_doorkeeper`).
ask_ledger = _KEEPER.send


def harness_codes(modules) -> dict:
    """{code object: the last part of its module's name} for every function, method, lambda and
    comprehension defined in `modules` (module objects), found through their namespaces and
    classes and the constants of each code (nested code)."""
    found: dict = {}
    seen: set = set()

    def code_of(code, name: str) -> None:
        if code in found:
            return
        found[code] = name
        for const in code.co_consts:
            if type(const) is type(code):
                code_of(const, name)

    def visit(value, module) -> None:
        if isinstance(value, (staticmethod, classmethod, property, FixedDescriptor)):
            for part in functions_in(value):  # (the checks' own are `_descriptors`' tuples)
                visit(part, module)
            return
        wrapped = getattr(value, "__wrapped__", None)  # a decorated function: the one it wraps
        if wrapped is not None and not isinstance(value, type):
            visit(wrapped, module)
        code = getattr(value, "__code__", None)
        if code is not None and type(code) is type(_getframe().f_code):
            # By the file its code was compiled from (a decorator's wrapper takes the wrapped
            # function's `__module__`): this runs at import, before any solution's code.
            if code.co_filename == getattr(module, "__file__", None):
                code_of(code, module.__name__.rpartition(".")[2])
            return
        if isinstance(value, type) and value.__module__ == module.__name__ and value not in seen:
            seen.add(value)  # (a class reached twice: through its module and another class)
            for member in vars(value).values():
                visit(member, module)

    for module in modules:
        for value in list(vars(module).values()):
            visit(value, module)
    return found


def machinery_codes() -> dict:
    """`harness_codes` of the standard library's asyncio (its modules imported so far), contextlib
    and functools: the code that may stand between the runner and test code in a genuine call
    (see `genuine`). Read when `course.testing` is imported, before any solution runs."""
    import contextlib
    import functools
    modules = [module for name, module in sorted(_MODULES.items())
               if (name == "asyncio" or name.startswith("asyncio.")) and module is not None]
    return harness_codes([*modules, contextlib, functools])


def open_keeper(modules) -> dict:
    """Hand the keeper the harness's code (`harness_codes(modules)`); once, when `course.testing`
    is imported, before any solution runs: later calls change nothing. Returns the codes."""
    codes = harness_codes(modules)
    _KEEPER.send((codes,))
    return codes


def _keep(event: "TraceEvent", recording) -> None:
    """File an event recorded through `Trace.record` in the run's ledger, if test code recorded
    it (a scenario's own note); anything else recording through a trace is forged. The traced
    primitives do not come here: they file their events with `emit`. Whose code is whose is
    told by code object (`ledger.harness`), never by file name: code compiled under one of the
    harness's file names is a solution's."""
    ledger = find_ledger(_getframe())
    if ledger is None:
        return
    entry, caller = first_caller_outside(ledger, recording, "_trace")  # Trace.note and the like: who called them
    if caller is None:
        ledger.forged.append("(no caller)")
        return
    if not called_by_tests(ledger, caller, entry):
        name = caller.f_code.co_name
        if ledger.harness.get(identity(caller.f_code)) == "_primitives":
            name += " (a trace's record)"
        ledger.forged.append(name)
        return
    _add(ledger, event.obj, event.kind, ledger.acting, event.detail, event.suspensions)


def emit(obj: Any, kind: str, detail: Any = None, task: Any = None, suspended: bool = False,
         _getframe=_getframe) -> bool:
    """Record that traced primitive `obj` did `kind` (called by `_primitives` only).

    In a check process's run, the event goes to the ledger, under the name and guard the
    test gave `obj` (`register`), with the ledger's clock, acting task and suspension counts
    (`suspended`: note how many times the task has suspended, for a traced list): nothing
    on `obj` (its `_trace`, `name`, `_guard`) is read. The call must come through a
    public method of a primitive the test made (told by code object, `ledger.harness`: code
    compiled under `_primitives.py`'s file name is not its code); else the run fails (`forged`). Elsewhere
    (a notebook), the event goes to `obj`'s own trace, as it always did (`task`: who acts,
    if the caller knows). Returns whether it was a check process's run (then the ledger
    decides, itself, whether a write was guarded). What it calls with its frame or the ledger it
    calls by name (a parameter's default is the caller's to replace: see `_send`)."""
    own = _getframe()  # (read once, never kept: see find_ledger)
    try:
        ledger = ask_ledger(own)
    finally:
        frame, own = own.f_back, None
    if ledger is None:
        suspensions = obj._suspended() if suspended else None
        obj._trace.record(obj.name, kind, detail, task=task, suspensions=suspensions)
        return False
    harness = ledger.harness
    # Up from the caller through the recorders' own functions: `entry` is the outermost of them
    # (a primitive's public method), or the caller itself if it is none of them.
    code = entry = frame.f_code
    while harness.get(identity(code)) in _RECORDER_MODULES:
        entry, frame = code, frame.f_back
        if frame is None:
            break
        code = frame.f_code
    if not (harness.get(identity(entry)) == "_primitives" and (not entry.co_name.startswith("_")
                                                     or entry.co_name.endswith("__"))):
        ledger.forged.append(entry.co_name)
        return True
    registered = ledger.objects.get(identity(obj))
    if registered is None:
        ledger.forged.append(f"{entry.co_name} of an object the checks did not make")
        return True
    name, guard = registered
    if kind == "unguarded-write":
        return True  # the ledger decides that itself, below
    # The task whose step the loop is running (see _loop._acting); in a plain callback, the task that
    # scheduled it (see _loop._on_behalf): a get made in a `loop.call_soon` callback is its work.
    acting = ledger.acting if ledger.acting is not None else ledger.behalf
    suspensions = None
    if suspended and acting is not None:
        key = identity(acting)  # (the run's tables of tasks are keyed by identity: see _loop)
        if key not in ledger.plan:
            ledger.plan[key] = _INF  # count its suspensions from now on (see _loop)
        suspensions = ledger.suspensions[key]
    chain = _awaiters(acting) if kind in AWAITED_KINDS else []
    _add(ledger, name, kind, acting, detail, suspensions, chain)
    if kind == "set" or kind == "notify":  # what may wake a waiter (see _primitives._woken)
        ledger.signals[name] = ledger.signals.get(name, 0) + 1
    if kind == "acquire" or kind == "release":
        # identity(holder) -> [holder, how many times it holds obj] (None: the test's own code)
        holders = ledger.holders.setdefault(identity(obj), {})
        key = identity(acting)
        if kind == "acquire":
            held = holders.get(key)
            if held is None:
                holders[key] = [acting, 1]
            else:
                held[1] += 1
        else:
            if key not in holders and holders:
                key = next(iter(holders))
            if key in holders and holders[key][1] > 1:
                holders[key][1] -= 1
            else:
                holders.pop(key, None)
    elif kind == "write" and guard is not None:
        # Guarded: the guard is held by the writing task, or by a task awaiting it (a call that
        # holds the lock while a task it awaits does the update).
        holders = ledger.holders.get(guard, {})
        if identity(acting) not in holders and not any(identity(task) in holders for task in chain):
            _add(ledger, name, "unguarded-write", acting, detail, suspensions, chain)
    return True


def _add(ledger, obj: str, kind: str, task, detail: Any, suspensions: int | None, chain: list | None = None) -> None:
    level = ledger.levels.get(obj, 0) + _level_delta(kind)
    ledger.levels[obj] = level
    if level > ledger.peaks.get(obj, 0):
        ledger.peaks[obj] = level
    # A task's name as it was when it was made (set_name later changes no event).
    name = "main" if task is None else filed_name(ledger, task)
    if chain is None:
        chain = _awaiters(task) if kind in AWAITED_KINDS else []
    awaiting = tuple(filed_name(ledger, above) for above in chain)
    ledger.events.append((len(ledger.events), ledger.now, name,
                          obj, kind, level, detail, suspensions, awaiting))


def filed_name(ledger, task) -> str:
    """The name a run files `task`'s events under: the one it was made with (`_loop.create_task`),
    else asyncio's, read with asyncio.Task's own method and as exactly a str: a solution's Task
    subclass may redefine `get_name`, and 3.13's tasks keep whatever object they were named with."""
    name = ledger.names.get(identity(task))
    if name is None:
        name = str.__str__(str(_task_name(task)))
    return name


def register(obj: object, name: str, guard: object = None) -> None:
    """Note, in a check process's ledger, an object the checks made and gave a name (and the
    lock or semaphore guarding it): its events are filed under that name, whatever the object
    is later made to say. Only test code, through the Simulation, may register."""
    ledger = find_ledger_of_tests(_getframe())
    if ledger is not None:
        # Kept alive to the end of the run: what the ledger files by identity() must not pass to an
        # object made later at the same address.
        ledger.alive.append(obj)
        ledger.objects[identity(obj)] = (name, identity(guard) if guard is not None else None)
        fields = getattr(obj, "__dict__", {})
        items = fields.get("_items")
        if type(items) is list or type(items) is dict:  # a traced list or set: its contents, from now on
            ledger.contents[identity(obj)] = type(items)(items)
            if fields.get("_fails") is not None:  # a failing list: which access fails, off the object
                ledger.faults[identity(obj)] = fields["_fails"]
                fields["_fails"] = None
        elif fields.get("_own") is not None:  # a traced primitive: the asyncio one it stands for, off the object
            ledger.contents[identity(obj)] = fields["_own"]
            fields["_own"] = None
        elif type(obj).__name__ == "TracedCalls":  # the callable it counts calls to: off the object
            ledger.contents[identity(obj)] = obj._fn
            obj._fn = None
        if isinstance(getattr(obj, "initial_value", None), int):  # a semaphore: its value when made
            ledger.initial[identity(obj)] = obj.initial_value


# Immutable tables (tuples and frozensets, whose contents cannot change): the guard watches
# which object a module name is bound to, not what is inside it, and a MappingProxyType would
# not do: `proxy == x` hands the dict behind it to `x.__eq__` (red-team pass 35 rewrote "add"'s
# level change that way, so every peak the ledger worked out came out as the solution liked).
# How each kind of event moves an object's level (holders, items queued, set size).
_LEVEL_UP = frozenset({"acquire", "put", "add"})
_LEVEL_DOWN = frozenset({"release", "get", "discard"})
# Which events open and close a span of a given state, for `spans()`.
_SPAN_OPEN = (("wait", "wait"), ("acquire", "hold"), ("wait-put", "wait"), ("wait-get", "wait"), ("arrive", "wait"))
_SPAN_CLOSE = (
    ("wait", frozenset({"acquire", "woken", "give-up", "passed", "broken"})),
    ("hold", frozenset({"release"})),
)


def _level_delta(kind: str, _up=_LEVEL_UP, _down=_LEVEL_DOWN) -> int:
    return 1 if kind in _up else -1 if kind in _down else 0


class Trace:
    """Records events on a virtual clock and answers questions about them."""

    # No instance dict: a method cannot be shadowed by an attribute set on one trace.
    __slots__ = ("_clock", "current_task", "events", "_level", "_peak")

    def __init__(self, clock: Callable[[], float],
                 current_task: Callable[[], asyncio.Task | None] = _running_task) -> None:
        self._clock = clock
        # Which task is acting: a check passes one bound to its own loop,
        # which skips the running-loop lookup on every event.
        self.current_task = current_task
        self.events: list[TraceEvent] = []
        self._level: dict[str, int] = defaultdict(int)
        self._peak: dict[str, int] = defaultdict(int)

    def record(self, obj: str, kind: str, detail: Any = None, *,
               task: str | asyncio.Task | None = None, suspensions: int | None = None) -> TraceEvent:
        """Append an event by `task` (default: the running task; a name or a Task);
        `acquire`/`put` raise the object's level, `release`/`get` lower it.
        `suspensions`: how many times the acting task has suspended so far, where
        the caller knows it (see `TraceEvent`)."""
        level = self._level[obj] + _level_delta(kind)
        self._level[obj] = level
        if level > self._peak[obj]:
            self._peak[obj] = level
        if task is None:
            task = self.current_task()
        awaiting = ()
        if kind in AWAITED_KINDS and isinstance(task, asyncio.Task):
            awaiting = tuple(above.get_name() for above in _awaiters(task))
        if not isinstance(task, str):
            task = task.get_name() if task is not None else "main"
        event = TraceEvent(len(self.events), self._clock(), task, obj, kind, level, detail, suspensions, awaiting)
        # Into the ledger first (in a check process's run, if test code recorded it): `events` is a
        # slot a solution holding this trace can set to a list whose `append` edits the event.
        _keep(event, _getframe())
        self.events.append(event)
        return event

    def _view(self) -> tuple[list["TraceEvent"], dict[str, int], dict[str, int]]:
        """(events, peaks, levels): from the run's ledger in a check process, else this trace's own."""
        ledger = _for_tests(_getframe())
        if ledger is not None:
            return [TraceEvent(*fields) for fields in ledger.events], dict(ledger.peaks), dict(ledger.levels)
        return self.events, self._peak, self._level

    def note(self, kind: str, detail: Any = None, *, obj: str = "note") -> TraceEvent:
        """Record a scenario's own event (e.g. "call-start"), for checks and visuals."""
        return self.record(obj, kind, detail)

    # --- questions ------------------------------------------------------
    def level(self, obj: str) -> int:
        """Current holders of a lock/semaphore, or items in a queue."""
        return self._view()[2].get(obj, 0)

    def peak(self, obj: str) -> int:
        """Most holders at once of a lock/semaphore, or most items in a queue."""
        return self._view()[1].get(obj, 0)

    def select(self, obj: str | None = None, kind: str | None = None, task: str | None = None, *,
               working_for: str | None = None) -> list[TraceEvent]:
        """Events matching every filter given. `task`: made by that task itself; `working_for`:
        made by that task or by a task it was awaiting then (see `TraceEvent.awaiters`), i.e.
        the work of a call that hands it to a task it awaits counts as the call's; in a check
        process's run, also by a task it started (or one they started, and so on), however it
        then learns of the outcome (a done callback of its own, which no link asyncio keeps
        shows); only with a `kind` in `AWAITED_KINDS` (others do not name their awaiters:
        ValueError)."""
        if working_for is not None and kind not in AWAITED_KINDS:
            raise ValueError(f"working_for needs kind= one of {sorted(AWAITED_KINDS)} (the kinds whose events "
                             f"name the tasks awaiting theirs), not {kind!r}")
        return [TraceEvent(*row) if type(row) is tuple else row for row in self._matching(obj, kind, task, working_for)]

    def count(self, obj: str | None = None, kind: str | None = None, task: str | None = None, *,
              working_for: str | None = None) -> int:
        if working_for is not None and kind not in AWAITED_KINDS:
            return len(self.select(obj, kind, task, working_for=working_for))  # (its ValueError)
        return len(self._matching(obj, kind, task, working_for))

    def _matching(self, obj: str | None, kind: str | None, task: str | None, working_for: str | None) -> list:
        """The events `select` answers with: in a check process's run, the ledger's rows (tuples
        of TraceEvent's fields, filtered before any event is made of them: a check asks after a
        few of hundreds), else this trace's own events."""
        ledger = _for_tests(_getframe())
        if ledger is not None:
            # (seq, time, task, obj, kind, level, detail, suspensions, awaiters)
            family = _started_by(ledger, working_for) if working_for is not None else ()
            return [row for row in ledger.events
                    if (obj is None or row[3] == obj) and (kind is None or row[4] == kind)
                    and (task is None or row[2] == task)
                    and (working_for is None or row[2] in family or any(name in family for name in row[8]))]
        return [e for e in self.events
                if (obj is None or e.obj == obj) and (kind is None or e.kind == kind)
                and (task is None or e.task == task)
                and (working_for is None or e.task == working_for or working_for in e.awaiters)]

    def tasks(self) -> list[str]:
        """Task names in order of first appearance."""
        return list(dict.fromkeys(e.task for e in self._view()[0]))

    def spans(self, obj: str | None = None) -> list[Span]:
        """Waiting and holding intervals per task, from paired events.

        A span still open at the end of the trace closes at the last event's time.
        """
        open_: dict[tuple[str, str, str], float] = {}
        spans: list[Span] = []
        events = self._view()[0]
        opens = dict(_SPAN_OPEN)
        for e in events:
            if obj is not None and e.obj != obj:
                continue
            for state, closers in _SPAN_CLOSE:
                key = (e.task, e.obj, state)
                if e.kind in closers and key in open_:
                    spans.append(Span(e.task, e.obj, state, open_.pop(key), e.time))
            state = opens.get(e.kind)
            if state is not None:
                open_.setdefault((e.task, e.obj, state), e.time)
        end = events[-1].time if events else 0.0
        spans.extend(Span(t, o, s, start, end) for (t, o, s), start in open_.items())
        return sorted(spans, key=lambda s: (s.start, s.task))

    def overlapping(self, obj: str, begin: str = "read", end: str = "write",
                    computed: Callable[[Any], Any] | None = None) -> tuple[int, float | None]:
        """Most tasks at once inside their own `begin` ... `end` window on `obj` (see `windows`).

        For a read-modify-write, a result above 1 means two tasks were inside the update
        together: a lost update is possible. Returns the peak and the virtual time it was
        first reached (None if no window opened).
        """
        edges: list[tuple[int, int, float]] = []  # (seq, +1/-1, time)
        for start, stop in self.windows(obj, begin, end, computed):
            edges.append((start.seq, 1, start.time))
            edges.append((stop.seq, -1, stop.time))
        inside = peak = 0
        when = None
        for _seq, delta, time in sorted(edges):
            inside += delta
            if inside > peak:
                peak, when = inside, time
        return peak, when

    def windows(self, obj: str, begin: str = "read", end: str = "write",
                computed: Callable[[Any], Any] | None = None) -> list[tuple[TraceEvent, TraceEvent]]:
        """Each task's `begin` ... `end` windows on `obj`, as (begin, end) event pairs in `end` order.

        One window per update of a read-modify-write: from the read the written value was
        computed from to the write. With `computed`, a task's reads are its own and, in a check
        process's run, those of the tasks it started (and they started, and so on:
        `ledger.creators`): a call that has a task of its own read the counter for it made that
        read (without it, only its own: a queue's gets made by a fetcher task one consumer started
        for all of them are not that consumer's). Which read a write's
        value came from: with `computed` (the update, e.g. `lambda value: value + 1`; event
        details are `(index, value)`), the latest of the task's reads since its previous write
        whose value it turns into exactly the written int; else the latest such read of the
        task's before that (a stale value kept past an update in between); else the latest
        such read of any task before the write (a value handed over from another task's read);
        else (a value that matches no read: not an exact int, or from nowhere) the first of the
        task's reads since its previous write, or the first of its reads before that, or the
        first read of all (an extra read just before the write cannot hide a stale one, and a
        written value of a solution's own class, which could compare equal to anything, is
        taken at its widest); without `computed`, the last of its reads since its previous
        write. A read never followed by a write of its task opens no window.
        """
        ledger = _for_tests(_getframe()) if computed is not None else None
        parents: dict[str, str] = {}  # a task's name -> the name of the task that started it
        if ledger is not None:
            for child, creator in ledger.creators.values():
                if creator is not None:
                    parents.setdefault(filed_name(ledger, child), filed_name(ledger, creator))
        reads: dict[str, list[TraceEvent]] = {}
        earlier: dict[str, list[TraceEvent]] = {}  # with `computed`: each task's reads before its last write
        every: list[TraceEvent] = []  # with `computed`: every read so far, whoever made it
        pairs: list[tuple[TraceEvent, TraceEvent]] = []
        for e in self.select(obj):
            if e.kind == begin:
                owner, seen = e.task, set()
                while owner is not None and owner not in seen:  # the reader, and the tasks that started it
                    seen.add(owner)
                    reads.setdefault(owner, []).append(e)
                    owner = parents.get(owner)
                if computed is not None:
                    every.append(e)
            elif e.kind == end and computed is None:
                if reads.get(e.task):
                    pairs.append((reads.pop(e.task)[-1], e))
            elif e.kind == end:
                since = reads.pop(e.task, [])
                before = earlier.setdefault(e.task, [])
                source = (_source_read(since, e, computed) or _source_read(before, e, computed)
                          or _source_read(every, e, computed))
                if source is None:
                    source = since[0] if since else before[0] if before else every[0] if every else None
                if source is not None:
                    pairs.append((source, e))
                before.extend(since)
        return pairs

    def too_soon(self, obj: str, cause: str, effect: str, delay: float) -> list[Premature]:
        """The `effect` events on `obj` that came less than `delay` seconds (virtual time)
        after the `cause` they answer, in `effect` order (`Premature.cause` None: there had
        not been as many causes yet; `str()` of one says what happened, for a message).

        An effect answers two causes, and must come `delay` after each: its own task's
        latest `cause` before it (the pairs of `windows(obj, cause, effect)`), and, whichever
        task made either, the cause of the same rank (the n-th effect answers the n-th
        cause). The second catches an effect made for a cause by another task, or by a loop
        callback, which opens no window of its own. For a queue whose items take `delay` to
        process: `too_soon(queue, "get", "task-done", delay)` is every `task_done()` that
        came before an item's processing could have ended (the n-th `task_done()` cannot
        come before the n-th item taken has been processed).
        """
        tolerance = 1e-9  # float sums of virtual times
        found = {e.seq: Premature(cause, c, e) for c, e in self.windows(obj, cause, effect)
                 if e.time - c.time < delay - tolerance}
        causes = self.select(obj, cause)
        for rank, e in enumerate(self.select(obj, effect)):
            c = causes[rank] if rank < len(causes) else None
            if e.seq not in found and (c is None or e.time - c.time < delay - tolerance):
                found[e.seq] = Premature(cause, c, e)
        return [found[seq] for seq in sorted(found)]

    def __iter__(self) -> Iterator[TraceEvent]:
        return iter(self._view()[0])

    def __len__(self) -> int:
        return len(self._view()[0])

    def format(self, limit: int = 40) -> str:
        """The last `limit` events, one per line."""
        shown = self._view()[0][-limit:]
        return "\n".join(str(e) for e in shown)


def _started_by(ledger, name: str) -> set:
    """`name` and the names (as made) of every task that a task so named started, and so on: whose
    step was running when `create_task` made it (`ledger.creators`)."""
    children: dict = {}
    for child, creator in ledger.creators.values():
        if creator is not None:
            children.setdefault(filed_name(ledger, creator), []).append(filed_name(ledger, child))
    family, todo = {name}, [name]
    while todo:
        for child in children.get(todo.pop(), ()):
            if child not in family:
                family.add(child)
                todo.append(child)
    return family


def _source_read(reads: list[TraceEvent], write: TraceEvent,
                 computed: Callable[[Any], Any]) -> TraceEvent | None:
    """The latest read among `reads` (oldest first) that `write`'s value was computed from
    (see `Trace.windows`), or None. Only exact ints count as matching: a value of a solution's
    own class could compare equal to anything."""
    written = _value(write)
    if type(written) is int:
        for read in reversed(reads):
            value = _value(read)
            if type(value) is int:
                result = computed(value)
                if type(result) is int and int.__eq__(result, written) is True:
                    return read
    return None


def _value(event: TraceEvent) -> Any:
    detail = event.detail
    return detail[1] if type(detail) is tuple and len(detail) == 2 else None


_FIELDS = TraceEvent.__slots__
assert _FIELDS[:7] == ("seq", "time", "task", "obj", "kind", "level", "detail"), _FIELDS
_EXTRA = _FIELDS[7:]
