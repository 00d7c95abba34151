"""Keep a check's side effects in the check: output, warnings, clocks.

While a check runs, the kernel's main thread only waits for the worker, so
process-wide state can be swapped safely and restored afterwards:

- `sys.stdout`/`sys.stderr`, and logging handlers that write to them, go to
  a buffer. nbgrader zeroes a test cell that writes to stderr, so a debug
  print or a `logging.warning` in a correct solution must not reach it.
- Warnings (a coroutine never awaited ...) and "Exception ignored" reports
  are recorded instead of printed; the runner turns them into messages.
- `time.monotonic`, `time.perf_counter` and `time.time` (and their `_ns`
  forms, `time.clock_gettime` of a wall or steady clock, the calendar
  functions' "now", and `datetime.datetime.now()`/`today()`/`utcnow()` and
  `datetime.date.today()`, through the classes `datetime` names then, and
  `os.times()`'s elapsed real time) read the virtual clock, and `time.sleep`
  fails with a clear message (but in a function run for `run_in_executor`,
  where it takes virtual time), only in the worker thread: every other thread
  of the kernel keeps the real functions.
  Names a solution imported directly (`from time import monotonic`) are
  rebound in the kernel's namespace for the same duration.
"""

from __future__ import annotations

import datetime as _datetime_module
import io
import logging
import operator
import os
import posix
import sys
import threading
import time
import warnings
from dataclasses import dataclass
from typing import Any, Callable

from ._descriptors import FixedClassMethod
from ._failures import BlockingCall
from ._identity import identity
from ._records import record_repr
from ._trace import find_ledger, find_ledger_for

_getframe = sys._getframe
# What `isolated` calls, bound at import: `sys` and `warnings` have no version tag (see _guard), and
# `io` and `logging` are modules nothing watches, so a function of theirs read at call time could be
# a solution's fake, put back before the guard looks (red-team pass 115 had the sweeps' `sys._getframe`
# so). What `isolated` swaps and puts back (sys.stdout, warnings.filters ...) is read where it is.
_catch_warnings, _simplefilter, _filters_mutated = warnings.catch_warnings, warnings.simplefilter, warnings._filters_mutated
_StringIO, _getLogger, _Logger, _StreamHandler = io.StringIO, logging.getLogger, logging.Logger, logging.StreamHandler
_MODULES = sys.modules  # (the interpreter's registry, whatever is later set at `sys.modules`)

_REAL = {name: getattr(time, name) for name in ("monotonic", "perf_counter", "time", "sleep",
                                                "monotonic_ns", "perf_counter_ns", "time_ns",
                                                # The other ways `time` reads a real clock: a clock by
                                                # its id, and the calendar functions' "now".
                                                "clock_gettime", "clock_gettime_ns", "localtime", "gmtime",
                                                "ctime", "asctime", "strftime")}
# Clock ids (Linux) read as virtual time: the wall clocks (REALTIME, REALTIME_COARSE, REALTIME_ALARM,
# TAI), from the virtual epoch, and the steady ones (MONOTONIC, MONOTONIC_RAW, MONOTONIC_COARSE,
# BOOTTIME, BOOTTIME_ALARM). The CPU-time clocks stay real: waiting uses none.
_WALL_CLOCKS, _STEADY_CLOCKS = frozenset({0, 5, 8, 11}), frozenset({1, 4, 6, 7, 9})
# Virtual wall-clock time starts at a fixed instant so runs are reproducible.
_EPOCH = 1_767_225_600.0  # 2026-01-01T00:00:00Z

# Worker thread id -> function returning that worker's virtual time.
_virtual_clocks: dict[int, Callable[[], float]] = {}
# Worker thread id -> the seconds `time.sleep` was asked for by a function the loop runs for
# `run_in_executor` (outside a check process's run; in one, the run's ledger keeps them).
_executor_sleeps: dict[int, list] = {}


def executor_sleeps(sleeps: list | None, caller=None, _getframe=_getframe) -> list | None:
    """Where `time.sleep` notes its seconds from now on, on this thread (None: nowhere, it raises
    BlockingCall as it does in async code); returns where it noted them before. Called by the
    loop's `run_in_executor` around the function it runs (see `_loop`), with its own frame as
    `caller`: in a check process's run only that caller sets the run's (`find_ledger_for`); a
    solution calling this itself made every later `time.sleep` in async code a noted one, never
    refused (red-team pass 73, route `p03_blocking_work_noted`), and now sets only the table
    below, which a run never reads."""
    ledger = find_ledger_for(_getframe(), caller) if caller is not None else None
    ident = threading.get_ident()
    if ledger is not None:
        before, ledger.executor_sleeps = ledger.executor_sleeps, sleeps
        return before
    before = _executor_sleeps.pop(ident, None)
    if sleeps is not None:
        _executor_sleeps[ident] = sleeps
    return before


def _virtual(name: str) -> Callable[..., Any]:
    # What each function needs is bound as a default (a tuple the guard watches, whose
    # replacement it sees as it happens), not as a closure cell, which a solution could
    # replace and put back between two looks of the guard unseen (see _guard).
    real = _REAL[name]
    if name == "sleep":
        def sleep(seconds: float, _real=real) -> None:
            ident = threading.get_ident()
            # A check process's runs are on its main thread, and the run's ledger says when one
            # is on (see _trace.find_ledger): the table below is a module's dict, which a solution
            # could take its thread out of around a blocking call (red-team pass 45). Other
            # threads do not ask (the keeper takes a question from another thread during a run
            # for a forgery, and the runner's watchdog sleeps in one).
            ledger = find_ledger(_getframe()) if ident == threading.main_thread().ident else None
            if ledger is not None or ident in _virtual_clocks:
                # In a function run for `run_in_executor` (`asyncio.to_thread`), which a real
                # program runs in a thread: the seconds are noted, and its future completes that
                # much later in virtual time (see _loop). Anywhere else in async code, refused.
                noted = ledger.executor_sleeps if ledger is not None else _executor_sleeps.get(ident)
                if noted is None:
                    raise BlockingCall(
                        f"time.sleep({seconds!r}) was called inside async code. It blocks the whole "
                        "event loop: no other task can run meanwhile. Use `await asyncio.sleep(...)`.")
                value = float(seconds)
                if not value >= 0:  # (NaN too)
                    raise ValueError("sleep length must be non-negative")
                noted.append(value)
                return
            _real(seconds)
        return sleep
    if name.startswith("clock_gettime"):
        def clock_gettime(clk_id, _real=real, _ns=name.endswith("_ns"), _index=operator.index,
                          _wall=_WALL_CLOCKS, _steady=_STEADY_CLOCKS):
            clk_id = _index(clk_id)  # (an int of its own class could answer `in` as it likes)
            now = _virtual_now() if clk_id in _wall or clk_id in _steady else None
            if now is None:
                return _real(clk_id)
            if clk_id in _wall:
                now += _EPOCH
            return round(now * 1_000_000_000) if _ns else now
        clock_gettime.__name__ = clock_gettime.__qualname__ = name
        return clock_gettime
    if name in ("localtime", "gmtime", "ctime"):
        def calendar(secs=None, _real=real):
            # Their "now" (no argument, or None) is the virtual wall clock's.
            if secs is None:
                now = _virtual_now()
                return _real() if now is None else _real(_EPOCH + now)
            return _real(secs)
        calendar.__name__ = calendar.__qualname__ = name
        return calendar
    if name in ("asctime", "strftime"):
        def formatted(*args, _real=real, _localtime=_REAL["localtime"], _takes=1 if name == "strftime" else 0):
            # Without a time tuple, the local time now: the virtual wall clock's.
            if len(args) == _takes:
                now = _virtual_now()
                if now is not None:
                    args = (*args, _localtime(_EPOCH + now))
            return _real(*args)
        formatted.__name__ = formatted.__qualname__ = name
        return formatted
    offset = _EPOCH if name.startswith("time") else 0.0
    if name.endswith("_ns"):
        def clock_ns(_offset_ns=round(offset) * 1_000_000_000, _real=real, _now=_virtual_now) -> int:
            # As `clock` below, in integer nanoseconds.
            now = _now()
            return _real() if now is None else _offset_ns + round(now * 1_000_000_000)
        clock_ns.__name__ = clock_ns.__qualname__ = name
        return clock_ns

    def clock(_offset=offset, _real=real, _now=_virtual_now) -> float:
        # The virtual clock where a check runs (see _virtual_now), the real one elsewhere.
        now = _now()
        return _real() if now is None else _offset + now
    clock.__name__ = clock.__qualname__ = name
    return clock


def _virtual_now(_getframe=_getframe) -> float | None:
    """Virtual seconds now where a check runs (a check process's run, a kernel's check worker), else None."""
    # In a check process's run, the run's own clock (see _trace.find_ledger), asked first:
    # `_virtual_clocks` is a module's dict, which a solution could fill with a clock of its own.
    ledger = find_ledger(_getframe())
    if ledger is not None:
        return ledger.now
    now = _virtual_clocks.get(threading.get_ident())
    return None if now is None else now()


_PATCHED = {name: _virtual(name) for name in _REAL}


class VirtualDatetime(_datetime_module.datetime):
    """`datetime.datetime`, whose `now()`, `utcnow()` and `today()` read the virtual wall clock where
    a check runs (as `time.time` does), the real one elsewhere. `datetime.datetime` is this class
    while checks run (see `isolated`; for good in a check process)."""

    __slots__ = ()

    @FixedClassMethod
    def now(cls, tz=None, _real=_datetime_module.datetime.now):
        now = _virtual_now()
        return _real(tz) if now is None else cls.fromtimestamp(_EPOCH + now, tz)

    @FixedClassMethod
    def utcnow(cls, _real=_datetime_module.datetime.utcnow, _utc=_datetime_module.timezone.utc):
        now = _virtual_now()
        return _real() if now is None else cls.fromtimestamp(_EPOCH + now, _utc).replace(tzinfo=None)

    @FixedClassMethod
    def today(cls, _real=_datetime_module.datetime.today):
        now = _virtual_now()
        return _real() if now is None else cls.fromtimestamp(_EPOCH + now)


class VirtualDate(_datetime_module.date):
    """`datetime.date`, whose `today()` reads the virtual wall clock where a check runs."""

    __slots__ = ()

    @FixedClassMethod
    def today(cls, _real=_datetime_module.date.today):
        now = _virtual_now()
        return _real() if now is None else cls.fromtimestamp(_EPOCH + now)


for _class, _name in ((VirtualDatetime, "datetime"), (VirtualDate, "date")):
    _class.__name__ = _class.__qualname__ = _name  # (its repr and messages read as the real class's)


def _times(_real=os.times, _result=os.times_result, _now=_virtual_now) -> os.times_result:
    # `os.times()`: the CPU times are real (waiting uses none); `elapsed`, real seconds since a fixed
    # point in the past (times(2)), is the virtual steady clock where a check runs (red-team pass 66:
    # a poll that gave up after 60 s of it passed P03's "waits however long it takes" checks, +5).
    real, now = _real(), _now()
    return real if now is None else _result((real[0], real[1], real[2], real[3], now))


_times.__name__ = _times.__qualname__ = "times"

#: Module attributes other than `time`'s that read a real clock, as checks see them:
#: ((module, name, real object, virtual object), ...). Swapped in while checks run (see `isolated`),
#: for good in a check process (see course.problem_process).
SWAPPED = ((_datetime_module, "datetime", _datetime_module.datetime, VirtualDatetime),
           (_datetime_module, "date", _datetime_module.date, VirtualDate),
           (os, "times", os.times, _times), (posix, "times", posix.times, _times))


@dataclass(init=False, repr=False)  # (no closure cells: see _records)
class Captured:
    """What a check's worker produced besides its result."""

    output: io.StringIO
    warnings: list[warnings.WarningMessage]
    unraisable: list[Any]
    # How the check records warnings and "Exception ignored" reports, as `isolated` set it up
    # (see `swapped`).
    recorders: tuple = ()

    def __init__(self) -> None:
        self.output, self.warnings, self.unraisable = _StringIO(), [], []

    __repr__ = record_repr


def swapped(captured: Captured, _modules=_MODULES, _same=all, _map=map, _is=operator.is_, _len=len) -> list[str]:
    """What code changed since `isolated` began of how this check records warnings and
    "Exception ignored" reports (warnings' filters and hooks, sys.unraisablehook), put back.

    A check process looks after each run (and after the collection that ends a check), and the
    run fails. These are module data, swapped for each check, so the guard does not watch them;
    during a run the ledger records a forgotten `await` and the guard's audit hook each report
    whatever they are (see `_sealed.warn_unawaited_coroutine`, `_guard`), so what this sees is
    a change left in place, which would hide warnings outside a run's steps. Cheap: six
    identities and a few filter entries."""
    module, filters, entries, show, impl, hook = captured.recorders
    found = []
    if _modules.get("warnings") is not module:
        found.append("sys.modules['warnings']")
        _modules["warnings"] = module
    if (warnings.filters is not filters or _len(filters) != _len(entries)
            or not _same(_map(_is, filters, entries))):
        found.append("warnings.filters")
        filters[:] = entries
        warnings.filters = filters
        _filters_mutated()
    if warnings.showwarning is not show:
        found.append("warnings.showwarning")
        warnings.showwarning = show
    if warnings._showwarnmsg_impl is not impl:
        found.append("warnings._showwarnmsg_impl")
        warnings._showwarnmsg_impl = impl
    if getattr(sys, "unraisablehook", None) is not hook:
        found.append("sys.unraisablehook")
        sys.unraisablehook = hook
    return found


class virtual_clock_for_this_thread:
    """`with virtual_clock_for_this_thread(now):` makes the patched time functions read `now` in
    the calling thread. (A class, not `contextlib.contextmanager`, whose wrapper keeps the
    generator function in a closure cell: see _records.)"""

    def __init__(self, now: Callable[[], float]) -> None:
        self.now = now

    def __enter__(self) -> None:
        self.ident = threading.get_ident()
        _virtual_clocks[self.ident] = self.now

    def __exit__(self, *exc_info: object) -> None:
        _virtual_clocks.pop(self.ident, None)


def _stream_handlers(streams: tuple[object, ...]) -> list[logging.StreamHandler]:
    loggers = [_getLogger()] + [
        lg for lg in _Logger.manager.loggerDict.values() if isinstance(lg, _Logger)]
    return [h for lg in loggers for h in lg.handlers
            if isinstance(h, _StreamHandler) and h.stream in streams]


class isolated:
    """`with isolated(namespace) as captured:` swaps process-wide state for the duration of one
    check (see module doc); `captured` is the `Captured` of the check. (A class, not
    `contextlib.contextmanager`, whose wrapper keeps the generator function in a closure cell:
    see _records.)"""

    def __init__(self, namespace: dict | None = None) -> None:
        self.namespace = namespace

    def __enter__(self) -> Captured:
        namespace = self.namespace
        self.captured = captured = Captured()
        self.old = sys.stdout, sys.stderr, sys.unraisablehook
        self.handlers = handlers = _stream_handlers((sys.stdout, sys.stderr, sys.__stdout__, sys.__stderr__))
        self.old_streams = [h.stream for h in handlers]
        self.rebound = rebound = {}
        if namespace is not None:
            by_identity = {identity(fn): _PATCHED[name] for name, fn in _REAL.items()}
            by_identity.update((identity(real), virtual) for _, _, real, virtual in SWAPPED)
            for key, value in list(namespace.items()):
                if identity(value) in by_identity and any(value is real for real in (
                        *_REAL.values(), *(real for _, _, real, _ in SWAPPED))):
                    rebound[key] = (value, by_identity[identity(value)])
                    namespace[key] = by_identity[identity(value)]
        self.catching = _catch_warnings(record=True)
        captured.warnings = self.catching.__enter__()  # the live list: runs compare its length
        _simplefilter("always")
        sys.stdout = sys.stderr = captured.output
        for h in handlers:
            h.stream = captured.output
        sys.unraisablehook = captured.unraisable.append
        # What the clocks were, put back at the end: the real functions in a kernel; in a check
        # process the patched ones, there for good (see problem_process), so the module's
        # namespace is left untouched and the guard finds it as it watched it.
        self.clocks = {name: getattr(time, name) for name in _PATCHED}
        for name, fn in _PATCHED.items():
            if self.clocks[name] is not fn:
                setattr(time, name, fn)
        self.swapped = [(module, name, getattr(module, name)) for module, name, _, _ in SWAPPED]
        for module, name, _, virtual in SWAPPED:
            if getattr(module, name) is not virtual:
                setattr(module, name, virtual)
        captured.recorders = (_MODULES.get("warnings"), warnings.filters, tuple(warnings.filters),
                              warnings.showwarning, warnings._showwarnmsg_impl, sys.unraisablehook)
        return captured

    def __exit__(self, *exc_info: object) -> None:
        try:
            for name, fn in self.clocks.items():
                if getattr(time, name) is not fn:
                    setattr(time, name, fn)
            for module, name, before in self.swapped:
                if getattr(module, name) is not before:
                    setattr(module, name, before)
            old_out, old_err, sys.unraisablehook = self.old
            for h, stream in zip(self.handlers, self.old_streams):
                h.stream = stream
            sys.stdout, sys.stderr = old_out, old_err
            namespace = self.namespace
            if namespace is not None:
                for key, (value, virtual) in self.rebound.items():
                    if namespace.get(key) is virtual:
                        namespace[key] = value
        finally:
            self.catching.__exit__(*exc_info)
