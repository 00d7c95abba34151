"""Run a scenario on its own virtual-time loop, in a worker thread, safely.

`run()` and `explore()` are what test cells call. The kernel's main thread
starts one worker thread per check and only waits for it: the kernel's own
event loop is never touched, and student code cannot block it.

The real-time guard watches the worker's *CPU time* since the loop last ran
a step (a thread clock, which another process loading the machine does not
inflate, so a correct solution is never stopped because the grading machine
is busy) and, as a backstop for code blocked without spinning, its wall time.
Both count from the loop's last step, never from the run's start: "never
yields" is one callback that does not give control back, and how long a
run that does yield may go on is bounded by `Limits.max_steps` and the
livelock bound, which are counted and so the same on every machine and
Python (a limit on a whole run's CPU time made a 100,000-step livelock,
~1 s of CPU in a check process, fail one way or the other by the machine's
speed). Past either limit the worker is stopped by raising an exception inside it
(`PyThreadState_SetAsyncExc`), which ends any Python-level loop; code
blocked inside a C call cannot be interrupted that way, so the check fails
at once and the thread is left to finish on its own, as a daemon.
"""

from __future__ import annotations

import asyncio
import collections
import ctypes
import functools
import gc
import inspect
import itertools
import os
import sys
import threading
import time
import traceback
import types
from dataclasses import dataclass
from typing import Any, Awaitable, Callable, Iterable, Iterator

import _thread

from . import _cancellation, _diagnosis, _entropy, _names
from ._guard import Guard, find as _find_guard
from ._failures import (CheckFailed, Deadlock, Livelock, NeverYields, SolutionError, TooManySteps, Untidy,
                        VirtualTimeExceeded, WaitsOutsideTheLoop)
from ._code import code_of
from ._identity import identity
from ._records import record_repr
from ._integrity import real_world
from ._isolation import _REAL as _REAL_CLOCKS, Captured, isolated, swapped as _swapped, virtual_clock_for_this_thread
from ._loop import OutOfSteps, OutOfTime, Stuck, TimeStandsStill, VirtualTimeLoop, WokenFromOutside, _task_of
from ._simulation import Simulation
from ._trace import drive as _drive, machinery_codes as _machinery_codes

Scenario = Callable[[Simulation], Awaitable[Any]]

# Read at import, before any solution runs (see _trace.genuine): asyncio's own code, by identity
# (the dict keeps each code object, and so its identity, alive), and the loop's dispatch of a step.
_MACHINERY_CODES = _machinery_codes()
_MACHINERY = frozenset(identity(code) for code in _MACHINERY_CODES)
_DISPATCH = VirtualTimeLoop.__dict__["_run_once"].__code__

_HERE = os.path.dirname(os.path.abspath(__file__))
_COURSE = os.path.dirname(_HERE) + os.sep  # the `course` package: see _raise_stop_in
_current_task = asyncio.current_task  # bound at import: the watchdog calls it, whatever a notebook rebinds
_ASYNCIO = os.path.dirname(os.path.abspath(asyncio.__file__))
_THREADING = os.path.dirname(threading.__file__) + os.sep + "threading"
# What the watchdog and the guard call, bound at import: `sys` and `time` have no version tag (see
# _guard), and `os`, `ctypes` are modules nothing watches, so a function of theirs read at call time
# could be a solution's fake, put back before the guard looks (red-team pass 115 had the sweeps'
# `sys._getframe` so). The clocks are the real ones (a check process's `time` has virtual ones).
_current_frames, _monotonic, _sleep = sys._current_frames, _REAL_CLOCKS["monotonic"], _REAL_CLOCKS["sleep"]
_CLOCK_MONOTONIC, _abspath = time.CLOCK_MONOTONIC, os.path.abspath
_cpu_clock_id = getattr(time, "pthread_getcpuclockid", None)  # (Linux and BSD only)
_set_async_exc, _c_ulong, _py_object = ctypes.pythonapi.PyThreadState_SetAsyncExc, ctypes.c_ulong, ctypes.py_object

#: Loops whose tasks refused to end. Kept alive on purpose: if they were
#: garbage-collected later, asyncio would print "Task was destroyed but it is
#: pending!" to stderr in some unrelated cell.
_graveyard: list[Any] = []


class _Stop(SystemExit):
    """Raised inside a runaway worker by the guard. A SystemExit, so asyncio
    lets it through tasks and handles instead of storing it in a task."""


@dataclass(repr=False, unsafe_hash=True)  # (not frozen: no closure cells, see _records)
class Limits:
    """How far one run may go before it is stopped (virtual limits are deterministic)."""

    max_time: float = 3600.0      # virtual seconds
    # Callbacks run by the loop: 12 times the most any correct solution of the course takes in
    # one run (8,375: P03's checks, a watchdog polling every 10 ms; a cancellation sweep gives
    # each of its trials a budget of its own, see _cancellation). In a check process a step
    # costs 10-100 us of CPU, so a runaway run that yields stops within seconds, and a problem's
    # test cells all stopping that way stay inside its check process's bound (problem_timeout).
    max_steps: int = 100_000
    cpu_limit: float = 1.0        # CPU seconds of the worker thread in one callback (one takes us)
    wall_limit: float = 30.0      # wall seconds in one callback, for code blocked without using CPU

    __repr__ = record_repr


class _Progress:
    """The watched thread's CPU and wall clocks when its loop was last seen running a step.

    Read by the watching thread every 50 ms (each look takes the GIL from the watched thread: at
    10 ms the looks cost ~5% of a check process's CPU): `idle()` is how long the watched thread
    has gone without the loop running another callback, so the limits apply to one callback
    (code that never yields), not to a run or an exploration. `follow()` gives it the run's step
    count (in a check process, the ledger's: a count the solution cannot reach); `restart()`
    forgets it between runs.
    """

    def __init__(self) -> None:
        self.cpu: Callable[[], float] = lambda: 0.0
        self.restart()

    def restart(self) -> None:
        self.steps: Callable[[], object] = lambda: 0
        self.seen: object = None  # the next look marks the clocks afresh

    def follow(self, steps: Callable[[], object]) -> None:
        self.steps = steps

    def idle(self, _clock_gettime=_REAL_CLOCKS["clock_gettime"]) -> tuple[float, float]:
        """(CPU seconds, wall seconds) since the watched loop's last step seen (the real clocks:
        checks make `time`'s virtual while they run)."""
        now, steps = _clock_gettime(_CLOCK_MONOTONIC), self.steps()
        if steps != self.seen:
            self.seen, self.cpu_mark, self.wall_mark = steps, self.cpu(), now
        return self.cpu() - self.cpu_mark, now - self.wall_mark


class _WorkerState:
    """What a check's worker thread and the kernel's thread share (a plain class: no closure
    cells, see _records)."""

    def __init__(self, caller: str | None = None) -> None:
        self.results: list[Any] = []
        self.failure: CheckFailed | None = None
        self.seed: int | None = None
        self.captured: Captured | None = None
        self.progress = _Progress()
        self.caller = caller  # the scenario's file: see _diagnosis.describe_running


def run(scenario: Scenario, *, seed: int | None = None, **limits: Any) -> Any:
    """Run `scenario(sim)` once on a fresh virtual-time loop; return its result.

    `seed=None` runs tasks in asyncio's own FIFO order; an integer picks one
    reproducible interleaving. A failure raises a `CheckFailed` that says
    what was checked, what was seen and the seed. Keyword `limits` override
    `Limits` fields (max_time, max_steps, cpu_limit, wall_limit).
    """
    results, _ = _check(scenario, [seed], Limits(**limits))
    return results[0]


def run_printing(scenario: Scenario, **limits: Any) -> tuple[Any, str]:
    """`run(scenario)` in FIFO order, returning `(result, what it printed)`.

    For demos (`course.notebook.on_virtual_time`), which show that text
    themselves; a check keeps it to itself unless it fails.
    """
    results, printed = _check(scenario, [None], Limits(**limits))
    return results[0], printed


class Explored(list):
    """The results of every run of an exploration.

    It is often the last expression of a test cell, and nbgrader reads a
    test cell's `execute_result` as a partial score; so in IPython it shows
    as a display (never an execute_result) saying what passed.
    """

    def __repr__(self) -> str:
        return f"✔ {len(self)} schedule(s) explored, every check passed"

    def _ipython_display_(self) -> None:
        from IPython.display import display
        display({"text/plain": repr(self)}, raw=True)


def explore(scenario: Scenario, seeds: int | Iterable[int] = 100, **limits: Any) -> Explored:
    """Run `scenario` under many seeded schedules; fail on the first failing seed.

    `seeds` is a count (seeds 0 .. n-1) or the seeds themselves. Returns the
    results of every run. The failure names the seed, and
    `run(scenario, seed=...)` replays that exact schedule.
    """
    chosen = list(range(seeds)) if isinstance(seeds, int) else list(seeds)
    if not chosen:
        raise ValueError("explore() needs at least one seed")
    results, _ = _check(scenario, chosen, Limits(**limits))
    return Explored(results)


def _check(scenario: Scenario, seeds: list[int | None], limits: Limits) -> tuple[list[Any], str]:
    """Run every seed in a guarded worker: (the results, what the runs printed), or raise."""
    if not inspect.iscoroutinefunction(scenario):
        raise TypeError(f"a scenario is an `async def` function taking `sim`; got {scenario!r}")
    guard = _find_guard()
    if guard is not None:
        return _check_in_process(guard, scenario, seeds, limits)
    state = _WorkerState(caller=_file_of(scenario))
    namespace = _names.student_namespace()
    # Everything alive before the check is set aside from the collector, so
    # the collection that ends the check (see `_work`) scans only what the
    # check made: a full collection of a kernel's heap costs ~15 ms a check.
    gc.freeze()
    try:
        with real_world() as restored, isolated(namespace) as captured:
            state.captured = captured
            worker = threading.Thread(target=_work, args=(state, scenario, seeds, limits),
                                      name="course-check", daemon=True)
            worker.start()
            try:
                _guard(worker, state, limits)
            except BaseException:
                # The kernel was interrupted while waiting: stop the worker too.
                _stop(worker)
                raise
    finally:
        gc.unfreeze()
    if restored:
        print(f"Note: your code replaced {', '.join(restored)}; the checks used the originals.")
    if state.failure is not None:
        raise _annotated(state.failure, scenario, state.seed, captured)
    return state.results, captured.output.getvalue()


def _annotated(failure: CheckFailed, scenario: Scenario, seed: int | None, captured: Captured) -> CheckFailed:
    """`failure`, saying what was checked, the seed and how to replay it, and what the runs printed."""
    name = getattr(scenario, "__name__", "scenario")
    doc = (inspect.getdoc(scenario) or "").strip().splitlines()
    replay = f"run({name}, seed={seed})" if seed is not None else f"run({name})"
    failure.annotate(checked=doc[0] if doc else name, seed=seed, replay=replay)
    failure.output = captured.output.getvalue()
    return failure.with_traceback(None)


def _collected_untidiness(captured: Captured, _collect=gc.collect) -> CheckFailed | None:
    """Coroutines caught in reference cycles are only finalized by the collector: collect
    now, so a never-awaited one is reported by this check."""
    warned = len(captured.warnings)
    _collect()
    return _untidiness([], [], captured.warnings[warned:], [])


def _check_in_process(guard: Guard, scenario: Scenario, seeds: list[int | None],
                      limits: Limits) -> tuple[list[Any], str]:
    """`_check` in a check process: each seed runs on this (the main) thread, between a
    restore of the checks' world and a look at what changed, and its verdict is recorded
    with the guard (see `_guard`). A watchdog thread stops code that never yields."""
    name = getattr(scenario, "__name__", "scenario")
    guard.begin()
    guard.restore()
    if not guard.own_scenario(scenario):
        failure = CheckFailed(f"the scenario `{str(name)[:60]}` this check was handed is not the test's own (a "
                              "function of your code's, put where the test's was): it judges nothing")
        guard.record(name, seeds[0], False, str(failure))
        raise failure
    results: list[Any] = []
    failure: CheckFailed | None = None
    failed_seed: int | None = None
    namespace = _names.student_namespace()
    watch = _Watch(threading.get_ident(), limits)
    # What is alive now is set aside from the collector for good: the check's own collections (and a
    # sweep's scan for random generators) look only at what the check makes, and the fork server's
    # modules stay out of every collection's way, as it froze them. (Unfrozen after each check, they
    # were back in gc's view between checks: a scan at a check's start walked 255,000 objects, 35 ms.)
    # What the process's earlier code made and drops later, in a cycle, is never collected: a check
    # process lives for one problem. A solution's random generators alive now are noted first
    # (a sweep replays them: see _cancellation.note_generators).
    _cancellation.note_generators(guard.generators, VirtualTimeLoop)
    gc.freeze()
    with isolated(namespace) as captured:
        # Looked at afresh with the check's own hooks in place (sys.unraisablehook, warnings'
        # showwarning: see _isolation), so that swapping them is not taken for a solution's.
        guard.restore()
        watchdog_ended = _start_watchdog(watch)
        own_threads = 1  # (the watchdog, besides this main thread)
        try:
            for seed in seeds:
                # (restored already: by begin() for the first seed, after each check below)
                watch.start(seed)
                try:
                    result, failure = _run_one(scenario, seed, limits, captured, guard, watch.progress,
                                               own_threads=own_threads)
                except _Stop:
                    failure = watch.failure or CheckFailed(
                        "the check was stopped by the checks' own stop signal, raised by code that "
                        "is not the checks (your code must not raise the harness's exceptions)")
                finally:
                    watch.stop()
                failure = _looked(guard) or failure
                guard.record(name, seed, failure is None, "" if failure is None else str(failure)[:500])
                if failure is not None:
                    failed_seed = seed
                    break
                results.append(result)
            if failure is None:
                failure = _collected_untidiness(captured)
                # What the check kept of the solution's objects (the warnings and "Exception
                # ignored" reports it recorded), dropped now, before the last look: their
                # finalizers run here, not after it (see problem_process for what a finalizer
                # changes after all: a test cell's stored name is put back at its next statement).
                del captured.warnings[:], captured.unraisable[:]
                failure = _looked(guard) or failure  # the collection ran student finalizers
                swapped = _swapped(captured)
                failure = (_tampering(swapped) if swapped else None) or failure
                if failure is not None:  # a verdict against the whole exploration
                    failed_seed = seeds[-1]
                    guard.record(name, failed_seed, False, str(failure)[:500])
        finally:
            watch.finish()
            # (It ends within ~1 s of finish(): the next check's runs take any thread but their own
            # watchdog and the main thread for a solution's.)
            watchdog_ended(timeout=5)
    if failure is not None:
        raise _annotated(failure, scenario, failed_seed, captured)
    return results, captured.output.getvalue()


def _looked(guard: Guard) -> CheckFailed | None:
    """What student code changed in the checks' world since the last look, put back; as a failure."""
    tampered = guard[1]()  # changed()
    if not tampered:
        return None
    guard[0]()  # restore()
    return _tampering(tampered)


def _tampering(names: list[str]) -> CheckFailed:
    names = list(dict.fromkeys(names))  # (one change noted at every step it was seen is said once)
    shown = ", ".join(names[:5]) + (f" and {len(names) - 5} more" if len(names) > 5 else "")
    return CheckFailed(f"your code changed what the checks run on while they ran ({shown}); a check "
                       "judges your code as it is, so it fails when its own machinery is changed.")


def _private(uses: list[str]) -> CheckFailed:
    shown = ", ".join(dict.fromkeys(uses[:5])) + (f" and {len(uses) - 5} more" if len(uses) > 5 else "")
    return CheckFailed(f"your code reached inside the checks' primitives ({shown}): a private field, "
                       "or asyncio's own method called on the object (`asyncio.Lock.release(lock)`). The "
                       "primitives a check hands your code keep no asyncio state of their own; use their "
                       "public methods (acquire/release, wait/set/is_set, put/get, notify ...).")


class _Watch:
    """What the watchdog needs: the thread to watch, its limits, and the run in progress."""

    def __init__(self, ident: int, limits: Limits) -> None:
        self.ident, self.limits = ident, limits
        self.progress = _Progress()
        self.progress.cpu = _cpu_clock(ident)
        self.running = self.done = False
        self.failure: CheckFailed | None = None
        self.runs = 0
        self.lock = threading.Lock()
        # Set by finish(): the watchdog waits on it between looks, so it ends at once, not at its
        # next look (each check joins it: ~5 ms a check with a sleep between looks).
        self.finished = threading.Event()

    def start(self, seed: int | None) -> None:
        with self.lock:
            self.failure = None
            self.progress.restart()
            self.progress.idle()  # marks the clocks now
            self.runs += 1
            self.running = True

    def stop(self) -> None:
        with self.lock:
            self.running = False
            self.progress.restart()  # (and lets go of the run's ledger)

    def finish(self) -> None:
        self.done = True
        self.finished.set()


def _start_watchdog(watch: _Watch, _start=_thread.start_new_thread, _allocate=_thread.allocate_lock
                    ) -> Callable[..., bool]:
    """Start the watchdog's thread, watching `watch`; return what waits for it to end (`ended(timeout=5)`,
    True once it has). A bare `_thread` thread: a `threading.Thread` installs, as it starts, the trace and
    profile functions a solution set for new threads (`threading.settrace`, `threading.setprofile`), which
    the guard refuses, and the watchdog died: every check then failed saying that "-1 thread(s) your code
    started" could wake a task (red-team pass 98: a correct P01 solution with `threading.settrace(...)` in
    its cell scored 0/10). Nor does `threading.enumerate()` list it, with its target: what the watchdog
    holds (the run's limits, what it reads of the run) stays out of a solution's reach (see _readings)."""
    started, ended = _allocate(), _allocate()
    started.acquire()
    ended.acquire()
    _start(_run_watchdog, (_watching(watch).__next__, started, ended))
    # (Running by the time this returns, as `Thread.start()` has it: the thread counts as the checks'
    # own from its first instruction, see _loop.outside_wakers.)
    started.acquire()
    return ended.acquire


def _run_watchdog(step: Callable[[], None], started, ended) -> None:
    """The watchdog's thread (see _start_watchdog): `started` released at once, `ended` once `step` (the
    watch) returns. (A function of the module's, not a closure: a closure's cells are anyone's to read.)"""
    try:
        started.release()
        step()
    finally:
        ended.release()


def _watching(watch: _Watch) -> Iterator[None]:
    """`_watch(watch)` at the first `next()`: `watch` is then held in this generator's frame only."""
    _watch(watch)
    yield


def _watch(watch: _Watch) -> None:
    """The watchdog: raise `_Stop` in the watched thread when a run exceeds its limits."""
    limits, finished = watch.limits, watch.finished.wait
    while not watch.done:
        if finished(0.05):  # (see _Progress)
            break
        with watch.lock:
            if not watch.running:
                continue
            run = watch.runs
            used_cpu, waited = watch.progress.idle()
            if used_cpu <= limits.cpu_limit and waited <= limits.wall_limit:
                continue
            spun = used_cpu > limits.cpu_limit
            watch.failure = NeverYields(_never_yields_message(spun, limits, "", True))
        for _ in range(5):
            _raise_stop_in(watch.ident)
            _sleep(0.2)
            if not watch.running or watch.runs != run:
                break


# --- the guard (kernel's thread) ------------------------------------------
def _cpu_clock(ident: int) -> Callable[[], float]:
    """The CPU clock of thread `ident`, read from another thread (0 where unsupported): each call
    of what it returns reads it."""
    try:
        if _cpu_clock_id is None:
            raise AttributeError("pthread_getcpuclockid")
        clock_id = _cpu_clock_id(ident)
        _REAL_CLOCKS["clock_gettime"](clock_id)
    except (AttributeError, OSError):  # not Linux/BSD: wall time only
        return _no_cpu_clock
    return _readings(_read_cpu_clock, clock_id).__next__


def _no_cpu_clock() -> float:
    return 0.0


def _read_cpu_clock(clock_id: int, _clock_gettime=_REAL_CLOCKS["clock_gettime"]) -> float:
    try:
        return _clock_gettime(clock_id)
    except OSError:  # the thread has just ended
        return 0.0


def _readings(read: Callable[..., Any], *args: Any) -> Iterator[Any]:
    """`read(*args)` at every `next()`, forever. What the watchdog is given to read (a run's step
    count, a thread's CPU clock) is held this way, in a generator's frame, which the threat model
    leaves out (`gi_frame`), not in a closure cell: the watchdog's thread and its arguments are
    reachable (`threading.enumerate()`), and red-team pass 45 found the run's ledger in the cell
    of the lambda the watchdog was given (and could have replaced a cell unseen: see _guard)."""
    while True:
        yield read(*args)


def _now_of(ledger: Any) -> float:
    return ledger.now


def _ledger_progress(ledger: Any) -> tuple[int, int]:
    return ledger.steps, identity(ledger.acting)


def _loop_progress(loop: VirtualTimeLoop) -> tuple[int, int]:
    return loop.steps, identity(_current_task(loop))


def _guard(worker: threading.Thread, state: _WorkerState, limits: Limits) -> None:
    state.progress.cpu = _cpu_clock(worker.ident)
    state.progress.idle()  # marks the clocks now
    while worker.is_alive():
        worker.join(0.05)  # (returns as soon as the worker ends: see _Progress)
        used_cpu, waited = state.progress.idle()
        if worker.is_alive() and (used_cpu > limits.cpu_limit or waited > limits.wall_limit):
            where = _where_worker_is(worker, state.caller)
            stopped = _stop(worker)
            spun = used_cpu > limits.cpu_limit
            state.failure = NeverYields(_never_yields_message(spun, limits, where, stopped))
            return


def _stop(worker: threading.Thread) -> bool:
    """Raise `_Stop` inside the worker until it ends; False if it would not."""
    for _ in range(5):
        if not worker.is_alive():
            return True
        _raise_stop_in(worker.ident)
        worker.join(0.2)
    return not worker.is_alive()


def _raise_stop_in(ident: int, patience: float = 1.0) -> None:
    """Raise `_Stop` in thread `ident` where it next checks for pending work (a function's start,
    a generator's resumption, a loop's jump back; never inside a C call), once its innermost
    frame is not the course's own code, for up to `patience` seconds.

    The exception lands wherever the thread is, so it must not land in the middle of state the
    course keeps for the life of the process: the ledger keeper (`_trace._doorkeeper`, a
    generator) stopped between two of its lines ended for good, and every later check in the
    process failed with a bare StopIteration. Looked at and raised with this thread holding the
    GIL (a few microseconds; the watched thread waits a whole switch interval, 5 ms, before it
    asks for the GIL back), the exception lands in code of the solution's, or at the start of a
    function it calls. Code that spins inside the course's own functions is stopped anyway
    once `patience` has passed."""
    deadline = _monotonic() + patience
    while _monotonic() < deadline:
        frame = _current_frames().get(ident)
        if frame is None or not frame.f_code.co_filename.startswith(_COURSE):
            break
        frame = None
        _sleep(0.0005)
    _set_async_exc(_c_ulong(ident), _py_object(_Stop))


def _file_of(scenario: Scenario) -> str | None:
    """The file (in a kernel, the cell) a scenario function's code comes from, if it has one."""
    while isinstance(scenario, functools.partial):
        scenario = scenario.func
    try:
        scenario = inspect.unwrap(scenario)
    except ValueError:  # a cycle of __wrapped__
        pass
    code = code_of(scenario)  # (a test's code: read as the guard allows, see _code)
    return code.co_filename if isinstance(code, types.CodeType) else None


def _where_worker_is(worker: threading.Thread, caller: str | None = None) -> str:
    frame = _current_frames().get(worker.ident)
    user = None
    while frame is not None:
        if _is_user_file(frame.f_code.co_filename):
            user = frame
            break
        frame = frame.f_back
    return _diagnosis.describe_running(user, caller) if user is not None else ""


def _never_yields_message(spun: bool, limits: Limits, where: str, stopped: bool) -> str:
    if spun:
        text = (f"your code ran for {limits.cpu_limit:g} s of CPU time without ever giving control back "
                "to the event loop, so no other task could run. A loop needs an `await` that really "
                "waits (or the work must end)")
    else:
        text = (f"your code was blocked for {limits.wall_limit:g} s of real time without giving control "
                "back to the event loop (a blocking call such as time.sleep, input() or a thread lock)")
    if where:
        text += f"; it was {where}"
    text += "." if stopped else (". It could not be stopped (it is blocked inside a C call); "
                                 "restart the kernel after fixing it.")
    return text


def _is_user_file(filename: str) -> bool:
    path = _abspath(filename)
    return not (path.startswith(_HERE) or path.startswith(_ASYNCIO) or path.startswith(_THREADING))


# --- the worker -----------------------------------------------------------
def _work(state: _WorkerState, scenario: Scenario, seeds: list[int | None], limits: Limits) -> None:
    try:
        for seed in seeds:
            state.seed = seed
            state.progress.restart()
            result, failure = _run_one(scenario, seed, limits, state.captured, progress=state.progress)
            if failure is not None:
                state.failure = failure
                return
            state.results.append(result)
        state.failure = _collected_untidiness(state.captured)
    except _Stop:
        pass  # the guard already recorded why
    except BaseException as exc:  # a bug in the harness itself: still report, never print
        state.failure = CheckFailed(f"the checking harness failed: {type(exc).__name__}: {exc}")


class _ErrorList(list):
    """The loop's exception handler outside a check process: keeps each context it is given (in
    one, the errors reported to the run's ledger count: see _loop)."""

    def __call__(self, loop: asyncio.AbstractEventLoop, context: dict) -> None:
        self.append(context)


def _run_one(scenario: Scenario, seed: int | None, limits: Limits, captured: Captured,
             guard: Guard | None = None, progress: _Progress | None = None,
             own_threads: int = 0) -> tuple[Any, CheckFailed | None]:
    loop = VirtualTimeLoop(seed=seed, max_steps=limits.max_steps, max_time=limits.max_time)
    errors = _ErrorList()
    loop.set_exception_handler(errors)
    warned_before = len(captured.warnings)
    unraisable_before = len(captured.unraisable)
    reported_before = len(guard[8]) if guard is not None else 0  # (unraisable reports the guard saw)
    sim = Simulation(loop)
    result, failure = None, None
    tampered: list[str] = []
    # In a check process, the run's ledger of trace events (see _trace): held only
    # by this frame and _drive's, found by the trace through the frames above the acting code.
    ledger = None
    if guard is not None:
        ledger = types.SimpleNamespace(
            events=[], levels={}, peaks={}, forged=[], tests=guard.tests, calls=guard.calls, objects={}, holders={},
            resources={}, tracked={}, now=loop.time(), plan={}, suspensions=collections.Counter(), awaiting={}, tasks=[],
            loop=loop, acting=None, finished={}, names={}, changed=[], timers=[], steps=0, initial={}, cancel_when_done=[],
            contents={}, faults={}, signals={}, pending=set(), private=[], alive=[], stepped={}, errors=[], warned=[],
            ready=collections.deque(), fired={}, creators={}, executor_sleeps=None, behalf=None, behalf_of={},
            step_roots={}, owned_steps=collections.Counter(), watched=[],
            # What `_trace.genuine` asks: the code that may run between the runner and test code
            # acting for the tests, the runner's root and the loop's dispatch of each step, and the
            # tasks test code made (identity(task); kept alive by `tasks`).
            machinery=_MACHINERY, root=_drive.__code__, dispatch=_DISPATCH, genuine=set(),
            # identity(task) -> task, for each task the tests asked to cancel (see _sealed._cancel).
            test_cancels={},
            # A sweep's books (see _cancellation.every_suspension): the loop's seeded generator, which
            # each trial replays; identity(task) -> [(where it suspended, events so far, when), ...] for
            # each task counted with what it awaits; identity(cut) -> cut, for the cuts a sweep made, and
            # -> the Landing (where in the suspension it cuts) each was given; identity(task) -> that
            # landing, once the cut's target is marked, and -> (task, the timer that cuts it) once it
            # reached the suspension, numbered below the loop's own timers (see _loop._cut).
            rng=None, sites={}, cuts={}, cut_landings={}, landings={}, due_cuts={}, cut_numbers=itertools.count(-1, -1),
            timer_numbers=itertools.count(),
            # The problem's secret (see _guard.Guard.secret): where a sweep's cuts land is drawn from it.
            secret=guard.secret,
            # How far each trial's sweeps reached, for the process's life (see _guard.Guard.reached).
            reached=guard.reached,
            # A solution's random generators, noted as each check began (see _guard.Guard.generators).
            generators=guard.generators,
            # What the run's draws are drawn from (set as it starts) and how many seeds asked for without
            # one it has drawn (see _entropy).
            entropy=None, unseeded=0,
            # How many sweeps the run began (their draws are labelled with it: see _cancellation).
            sweeps=0,
            # Sleeps under way, identity(future) -> (future, sleeper, delay), noted once the run traces
            # them (Simulation.trace_sleeps; see _trace.SLEEPS).
            sleepers={}, sleeps_traced=False,
            # (start, end) in virtual seconds while time moves on in leaps (Simulation.let_time_pass;
            # start -inf: half the time left at each move).
            leap=None,
            # Whether each loop step is filed as a `_trace.STEP` event (Simulation.trace_steps).
            steps_traced=False,
            # Names the test gave its tasks (Simulation.spawn) in this run, and name -> the tasks filed
            # under it: a task of the solution's is never filed under a name of the test's tasks (see
            # _loop.create_task).
            test_names=set(), test_spawned=set(), name_holders={},
            # The run's bounds (see VirtualTimeLoop._run_once): the loop's attributes are copies.
            max_steps=loop.max_steps, max_time=loop.max_time,
            max_steps_per_instant=loop.max_steps_per_instant, tick=loop.tick,
            # How many threads besides this main one are the checks' (the watchdog): any other alive as
            # virtual time is to move on is a solution's, which could wake a task from outside it (see
            # _loop.outside_wakers).
            own_threads=own_threads)
        ledger.clock = _readings(_now_of, ledger).__next__  # the clock the loop moves; loop._now is only a copy
        # What `sim` answers with (see Simulation._own), as made, before any student code of this run
        # ran: a solution reaches `sim` through a closure of a function a test hands it.
        ledger.sim, ledger.sim_fields = sim, sim._fields()
    bounds = ledger if ledger is not None else loop  # (what the run was bounded by: see _loop)
    if progress is not None:
        # What the watchdog takes for the loop moving on: its step count and the task being
        # stepped (which changes with each callback of a batch of ready ones; the count moves on
        # by the batch), compared by identity (a task's own `==` is its class's). In a check process
        # both are the ledger's, which the solution cannot reach.
        progress.follow(_readings(_ledger_progress, ledger).__next__ if ledger is not None else
                        _readings(_loop_progress, loop).__next__)
    # The scenario's task returns this frame's own token with its result: a task marked done
    # from outside (`asyncio.Future.set_result(task, ...)`, which a solution can call on any
    # task) has no token, and its checks never ran to their end.
    finished = object()
    if ledger is not None:
        _entropy.start_run(ledger, seed)
    with virtual_clock_for_this_thread(loop.time):
        main = loop.create_task(_to_the_end(scenario(sim), finished), name="scenario")
        if ledger is not None:  # (made before the run began: filed as `create_task` files a run's tasks)
            ledger.tasks.append(main)
            ledger.names[identity(main)] = "scenario"
            ledger.genuine.add(identity(main))  # the tests' own task (see _trace.genuine)
        try:
            try:
                result = _drive(ledger, loop.run_until_complete, main)
            finally:
                # First thing after the run, before this module looks up any name again (an
                # `except` clause's class, a helper) and before winding down runs student code
                # again: what student code changed during the run. The guard is used by literal
                # index: its class's attributes (the named fields) and this module's globals can
                # be replaced, a tuple's items and a constant in the code cannot.
                if guard is not None:
                    tampered = guard[1]()  # changed()
                    if tampered:
                        guard[0]()  # restore()
            if type(result) is not tuple or len(result) != 2 or result[0] is not finished:
                tampered.append("the scenario's task (ended from outside before its checks ran to their end)")
            result = result[1] if not tampered else None
        except Stuck:
            failure = Deadlock(_drive(ledger, _explain, (_tasks_of_run(loop, ledger), loop.time())))
        except TimeStandsStill:
            failure = Livelock(
                f"{bounds.max_steps_per_instant:,} callbacks ran one after another at virtual time "
                f"t={loop.time():.6f}s and time never moved on: your tasks keep waking each other at the "
                "same instant (for example a loop around `await asyncio.sleep(0)`, or a timer set for a "
                "moment already past that sets itself again), so nothing ever waits for time to pass."
                + _still_running(loop, main, ledger))
        except OutOfSteps:
            failure = TooManySteps(
                f"{bounds.max_steps:,} callbacks ran (virtual time t={loop.time():.6f}s) and the scenario "
                "had not finished: a loop keeps awaiting without waiting for anything "
                "(for example polling with `await asyncio.sleep(0)`)." + _still_running(loop, main, ledger))
        except WokenFromOutside as outside:
            failure = WaitsOutsideTheLoop(
                f"at virtual time t={loop.time():.6f}s the checks were to let time pass while "
                f"{outside.args[0]} could wake a task from outside the event loop. The checks wait in "
                "virtual time (a billion seconds pass in a moment), so a deadline kept on a real clock, "
                "by a thread (`threading.Timer`) or a signal (`signal.setitimer`, `signal.alarm`), would "
                "never be reached while they look. Wait only through the event loop (`asyncio.sleep`, "
                "`asyncio.wait_for`, `loop.call_later`): no thread or signal handler of your own."
                + _still_running(loop, main, ledger))
        except OutOfTime:
            failure = VirtualTimeExceeded(
                f"the scenario was still running after {bounds.max_time:g} s of virtual time; "
                "something waits far longer than it should." + _still_running(loop, main, ledger))
        except CheckFailed as exc:
            failure = exc
        except _Stop:
            # Abandoned mid-step: never finalize its tasks. Keep the tasks too:
            # close() drops the loop's ready queue, the only other reference to
            # tasks not started yet, and their coroutines would then warn "never
            # awaited" whenever the collector runs, inside some later check.
            _graveyard.append((loop, _tasks_of_run(loop, ledger)))
            loop.close()
            raise
        except BaseException as exc:
            failure = solution_error(exc)
            # The traceback keeps student frames (and coroutines they made)
            # alive; free them now, so their finalizers report in this run.
            traceback.clear_frames(exc.__traceback__)
        tasks = _tasks_of_run(loop, ledger)
        winding_runs_student_code = bool(loop._asyncgens) or any(not _done(t) for t in tasks)
        leftovers = _wind_down(loop, main, ledger, grace=failure is None and not tampered,
                               ended=None if winding_runs_student_code else tasks)
        if guard is not None and winding_runs_student_code:
            tampered += guard[1]()  # changed()
            if tampered:
                guard[0]()  # restore()
        if guard is not None:
            tampered += _swapped(captured)  # how warnings and unraisable reports are recorded
        if ledger is not None:
            tampered += ledger.changed + _ended_from_outside(ledger.tasks, ledger.finished)
            if ledger.pending and not leftovers:
                # Every task has ended, yet a wait recorded by a traced primitive never did: its
                # coroutine was stepped by hand and kept (see _primitives._waited).
                ledger.forged.append("a wait that never ended (a coroutine stepped by hand and kept unfinished)")
        if tampered:
            return None, _tampering(tampered)
        if ledger is not None and ledger.private:
            return None, _private(ledger.private)
        if ledger is not None and ledger.forged:
            return None, _tampering([f"the checks' trace (events recorded through "
                                     f"{', '.join(sorted(set(ledger.forged)))}, not by using a primitive)"])
    if failure is None:
        # In a check process the errors the loop reported to the run's ledger (see
        # _loop.VirtualTimeLoop.call_exception_handler), not the handler's list, which the
        # loop's handler (replaceable during the run) fills.
        # Likewise the warnings the ledger recorded (see _sealed.warn_unawaited_coroutine), and
        # the "Exception ignored" reports the guard's audit hook saw, whatever hook was set.
        warned, unraisable = captured.warnings[warned_before:], captured.unraisable[unraisable_before:]
        if ledger is not None:
            warned += ledger.warned
            seen = {identity(u) for u in unraisable}
            unraisable += [u for u in guard[8][reported_before:] if identity(u) not in seen]
        failure = _untidiness(leftovers, errors if ledger is None else ledger.errors, warned, unraisable)
    if failure is not None and ledger is None and loop.tasks_made <= 1 and not len(sim.trace):
        # In a notebook: the scenario ran alone (no other task, no traced primitive), so a
        # replay would draw one lane and nothing on it; the message says all there is.
        failure.drawable = False
    return result, failure


async def _to_the_end(scenario: Awaitable[Any], token: object) -> tuple[object, Any]:
    """Await the scenario and return (token, its result): see `_run_one`."""
    return token, await scenario


def _ended_from_outside(tasks: list[asyncio.Task], finished: dict, _done=asyncio.Future.done) -> list[str]:
    """The tasks of a run that are done but did not end in a step of their own: a task ends
    when its coroutine returns or raises, in the step the loop runs for it (the loop notes
    it: `_loop._after`), unless something marks it done from outside (as
    `asyncio.Future.set_result(task, ...)` or `asyncio.Future.cancel(task)` can, even
    followed by closing its coroutine), which leaves what the task was still to do (a test's
    remaining checks) undone."""
    return [f"the task {task.get_name()!r} (ended from outside, not by its own code)"
            for task in tasks if _done(task) and identity(task) not in finished]


def _tasks_of_run(loop: VirtualTimeLoop, ledger: Any = None, *more: asyncio.Task) -> list[asyncio.Task]:
    """The tasks of the run on `loop`, each once: in a check process, first the ledger's own
    record (the tasks `create_task` made, in order, then any other task the loop ran a step
    of or has a step of ready to run), then `asyncio.all_tasks(loop)`. That alone would not
    do: it reads a module-level set any code can edit (`asyncio.tasks._unregister_task(task)`
    hides a task from it), and a leftover it misses would be neither waited for, cancelled
    nor reported."""
    found: dict[int, asyncio.Task] = {}
    if ledger is not None:
        for task in ledger.tasks:
            found[identity(task)] = task
        found.update(ledger.stepped)
        for handle in (*ledger.ready, *(loop._ready if type(loop._ready) is collections.deque else ())):
            task = _task_of(handle._callback)
            if task is not None and asyncio.Future.get_loop(task) is loop:
                found[identity(task)] = task
    for task in (*asyncio.all_tasks(loop), *more):
        found.setdefault(identity(task), task)
    return list(found.values())


#: `task.done()` as asyncio's own Future answers it (a class of a solution's may say otherwise).
_done = asyncio.Future.done


def _described(ledger: Any, tasks: list[asyncio.Task]) -> list[str]:
    """What each task waits for, asked through drive with the run's ledger: a traced primitive
    the test made answers from the primitive the ledger keeps for it (see _primitives)."""
    return _drive(ledger, _describe_running, tasks)


def _explain(tasks_and_now: tuple[list[asyncio.Task], float]) -> str:
    return _diagnosis.explain(*tasks_and_now)


def _describe_running(tasks: list[asyncio.Task]) -> list[str]:
    return [_diagnosis.describe_blocked(_diagnosis.inspect_task(task), running=True) for task in tasks]


def _still_running(loop: VirtualTimeLoop, main: asyncio.Task, ledger: Any = None) -> str:
    pending = [t for t in _tasks_of_run(loop, ledger) if not _done(t)]
    lines = _described(ledger, pending[:6])
    return ("\nStill running:\n" + "\n".join("  - " + line for line in lines)) if lines else ""


#: Virtual seconds a passed scenario's leftover tasks get to end by themselves (see _wind_down):
#: a helper that sleeps out a short timeout is no leftover; a task left sleeping an hour is.
GRACE = 60.0


def _wind_down(loop: VirtualTimeLoop, main: asyncio.Task, ledger: Any = None, grace: bool = False,
               ended: list[asyncio.Task] | None = None) -> list[str]:
    """Cancel what is still running, let it unwind, close the loop.

    `ended`: the run's tasks, every one done, and no async generator to finalize (the common
    case, told by the caller, who just looked): nothing is left to run, so the loop is closed
    at once (finding the run's tasks reads every task alive in the process, a few hundred).

    With `grace` (the scenario passed), tasks still running first get up to `GRACE` virtual
    seconds (and 10,000 loop steps) to end by themselves: a helper task that sleeps out a
    timeout and ends is no leftover; one still running after that (a loop that never ends,
    a wait nobody will end) is. Returns descriptions of the tasks left running, for the
    untidiness report. Tasks that ignore cancellation go to the graveyard.
    """
    if ended is not None:
        _close(loop, [*ended, main])
        return []
    bounds = ledger if ledger is not None else loop  # (in a check process the run's bounds: see _loop)
    bounds.max_steps = bounds.steps + 10_000
    bounds.max_time = float("inf")
    # Through drive, with the run's ledger: what runs now is judged as the run was.
    # (A bound method, which nothing re-initializes: not a `functools.partial`, see _descriptors.)
    run = types.MethodType(VirtualTimeLoop.run_until_complete, loop)
    others = [t for t in _tasks_of_run(loop, ledger) if not _done(t) and t is not main]
    if grace and others:
        deadline = loop.time() + GRACE
        try:
            while others and loop.time() < deadline:  # (with the tasks they start meanwhile)
                _drive(ledger, run, asyncio.wait(others, timeout=deadline - loop.time()))
                others = [t for t in _tasks_of_run(loop, ledger) if not _done(t) and t is not main]
        except _Stop:
            raise
        except BaseException:  # out of steps, or student code ending it: what is left is left
            pass
        bounds.max_steps = bounds.steps + 10_000
    pending = [t for t in _tasks_of_run(loop, ledger) if not _done(t)]
    left = _described(ledger, [t for t in pending if t is not main])
    for task in pending:
        task.cancel()
    try:
        if pending:
            _drive(ledger, run, asyncio.wait(pending))
        if loop._asyncgens:
            _drive(ledger, run, VirtualTimeLoop.shutdown_asyncgens(loop))
    except _Stop:
        raise
    except BaseException:  # student code ending the wind-down (even with SystemExit) ends it, no more
        pass
    _close(loop, _tasks_of_run(loop, ledger, main))
    return left


def _close(loop: VirtualTimeLoop, tasks: list[asyncio.Task]) -> None:
    """Close a wound-down run's loop: every ended task's exception marked retrieved (reported
    already, never logged later); a loop with a task still running (one that ignored its
    cancellation) kept in the graveyard."""
    for task in tasks:
        if _done(task) and not asyncio.Future.cancelled(task):
            asyncio.Future.exception(task)
    if any(not _done(t) for t in tasks):
        _graveyard.append(loop)
    VirtualTimeLoop.close(loop)  # through the class: an attribute set on the loop is not called


def _untidiness(leftovers: list[str], errors: list[dict], warned: list, unraisable: list) -> CheckFailed | None:
    problems: list[str] = []
    if leftovers:
        problems.append("tasks were still running when the scenario finished (start no task you do "
                        "not await or cancel):\n" + "\n".join("    - " + s for s in leftovers))
    for context in errors:
        exc = context.get("exception")
        message = context.get("message", "")
        if exc is not None:
            problems.append(f"{message}: {_exception_text(exc)}")
        elif "destroyed but it is pending" not in message:
            problems.append(message)
    # A forgotten `await` in a loop warns once per call: say it once per message, with the count.
    never_awaited: dict[str, int] = {}
    for w in warned:
        if issubclass(w.category, RuntimeWarning) and "never awaited" in str(w.message):
            never_awaited[str(w.message)] = never_awaited.get(str(w.message), 0) + 1
    for message, count in never_awaited.items():
        times = f" ({count} times)" if count > 1 else ""
        problems.append(f"{message}{times}: calling an async function without `await` only creates a "
                        "coroutine object and does nothing (did you forget `await`?)")
    for u in unraisable:
        problems.append(f"an exception was ignored in {u.object!r}: {_exception_text(u.exc_value)}")
    if not problems:
        return None
    return Untidy("the check passed, but " + "\n  and ".join(problems))


# --- describing student exceptions ------------------------------------------
def _exception_text(exc: BaseException) -> str:
    text = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if _is_user_file(f.filename)]
    if frames:
        last = frames[-1]
        text += f" (in {last.name}() line {last.lineno}" + (f": `{last.line}`)" if last.line else ")")
    return text


_ADVICE = {
    # All that is known: what ran is the placeholder. The cell may hold the student's code, not run
    # since it was written or failing when it ran (an IndentationError, say).
    NotImplementedError: ("the function still raises the placeholder's NotImplementedError: write your "
                          "solution in the solution cell and run that cell. If you did, the cell has not run "
                          "since, or its last run failed (look at its output)."),
    NameError: "a name the check needs is not defined: run your solution cell (and the cells above it) first.",
}


def solution_error(exc: BaseException) -> SolutionError:
    """A `SolutionError` for an exception that escaped student code, with advice."""
    text = _exception_text(exc)
    advice = next((a for cls, a in _ADVICE.items() if isinstance(exc, cls)), "")
    if isinstance(exc, RuntimeError) and "asyncio.run()" in str(exc):
        advice = ("an event loop is already running here (as in a notebook): `await` the coroutine "
                  "instead of calling asyncio.run().")
    if isinstance(exc, RuntimeError) and "is bound to a different event loop" in str(exc):
        advice = ("an asyncio primitive (a Lock, Semaphore, Event, Condition, Queue ...) belongs to the "
                  "first event loop that waited on it, and this one was made outside the code under test "
                  "(at module level, as a class attribute or a default argument) and already used on "
                  "another loop (the notebook's own, in a demo). Create it where it is used: in "
                  "`__init__` for an object, or inside the function, or take the one passed in.")
    if isinstance(exc, asyncio.CancelledError):
        advice = "a task was cancelled and the cancellation reached the check."
    if isinstance(exc, NameError) and getattr(exc, "name", None):
        advice = _names.name_advice(exc.name) or advice
    clash = _names.call_advice(exc)
    advice = clash or advice
    failure = SolutionError(text + (f"\nAdvice: {advice}" if advice else ""))
    if (isinstance(exc, (NameError, NotImplementedError, ImportError)) or "asyncio.run()" in str(exc)
            or clash):
        failure.drawable = False  # nothing ran concurrently to draw: the advice is the whole story
    return failure
