"""Keep a check's side effects in the check: output, warnings, clocks.

While a check runs, the kernel's main thread only waits for the worker, so
process-wide state can be swapped safely and restored afterwards:

- `sys.stdout`/`sys.stderr`, and logging handlers that write to them, go to
  a buffer. nbgrader zeroes a test cell that writes to stderr, so a debug
  print or a `logging.warning` in a correct solution must not reach it.
- Warnings (a coroutine never awaited ...) and "Exception ignored" reports
  are recorded instead of printed; the runner turns them into messages.
- `time.monotonic`, `time.perf_counter` and `time.time` read the virtual
  clock, and `time.sleep` fails with a clear message, but only in the worker
  thread: every other thread of the kernel keeps the real functions.
  Names a solution imported directly (`from time import monotonic`) are
  rebound in the kernel's namespace for the same duration.
"""

from __future__ import annotations

import contextlib
import io
import logging
import sys
import threading
import time
import warnings
from dataclasses import dataclass, field
from typing import Any, Callable, Iterator

from ._failures import BlockingCall
from ._trace import find_ledger

_getframe = sys._getframe

_REAL = {name: getattr(time, name) for name in ("monotonic", "perf_counter", "time", "sleep")}
# Virtual wall-clock time starts at a fixed instant so runs are reproducible.
_EPOCH = 1_767_225_600.0  # 2026-01-01T00:00:00Z

# Worker thread id -> function returning that worker's virtual time.
_virtual_clocks: dict[int, Callable[[], float]] = {}


def _virtual(name: str) -> Callable[..., Any]:
    real = _REAL[name]
    if name == "sleep":
        def sleep(seconds: float) -> None:
            if threading.get_ident() in _virtual_clocks:
                raise BlockingCall(
                    f"time.sleep({seconds!r}) was called inside async code. It blocks the whole "
                    "event loop: no other task can run meanwhile. Use `await asyncio.sleep(...)`.")
            real(seconds)
        return sleep
    offset = _EPOCH if name == "time" else 0.0

    def clock() -> float:
        # In a check process's run, the run's own clock (see _trace.find_ledger): the table
        # below is a module's dict, which a solution could fill with a clock of its own.
        ledger = find_ledger(_getframe(1))
        if ledger is not None:
            return offset + ledger.now
        now = _virtual_clocks.get(threading.get_ident())
        return real() if now is None else offset + now()
    clock.__name__ = clock.__qualname__ = name
    return clock


_PATCHED = {name: _virtual(name) for name in _REAL}


@dataclass
class Captured:
    """What a check's worker produced besides its result."""

    output: io.StringIO = field(default_factory=io.StringIO)
    warnings: list[warnings.WarningMessage] = field(default_factory=list)
    unraisable: list[Any] = field(default_factory=list)


@contextlib.contextmanager
def virtual_clock_for_this_thread(now: Callable[[], float]) -> Iterator[None]:
    """Make the patched time functions read `now` in the calling thread."""
    ident = threading.get_ident()
    _virtual_clocks[ident] = now
    try:
        yield
    finally:
        _virtual_clocks.pop(ident, None)


def _stream_handlers(streams: tuple[object, ...]) -> list[logging.StreamHandler]:
    loggers = [logging.getLogger()] + [
        lg for lg in logging.Logger.manager.loggerDict.values() if isinstance(lg, logging.Logger)]
    return [h for lg in loggers for h in lg.handlers
            if isinstance(h, logging.StreamHandler) and h.stream in streams]


@contextlib.contextmanager
def isolated(namespace: dict | None = None) -> Iterator[Captured]:
    """Swap process-wide state for the duration of one check (see module doc)."""
    captured = Captured()
    old_out, old_err, old_hook = sys.stdout, sys.stderr, sys.unraisablehook
    handlers = _stream_handlers((old_out, old_err, sys.__stdout__, sys.__stderr__))
    old_streams = [h.stream for h in handlers]
    rebound: dict[str, Any] = {}
    if namespace is not None:
        by_identity = {id(fn): _PATCHED[name] for name, fn in _REAL.items()}
        for key, value in list(namespace.items()):
            if id(value) in by_identity and value in _REAL.values():
                rebound[key] = value
                namespace[key] = by_identity[id(value)]
    with warnings.catch_warnings(record=True) as caught:
        captured.warnings = caught  # the live list: runs compare its length
        warnings.simplefilter("always")
        sys.stdout = sys.stderr = captured.output
        for h in handlers:
            h.stream = captured.output
        sys.unraisablehook = captured.unraisable.append
        for name, fn in _PATCHED.items():
            setattr(time, name, fn)
        try:
            yield captured
        finally:
            for name, fn in _REAL.items():
                setattr(time, name, fn)
            sys.unraisablehook = old_hook
            for h, stream in zip(handlers, old_streams):
                h.stream = stream
            sys.stdout, sys.stderr = old_out, old_err
            if namespace is not None:
                for key, value in rebound.items():
                    if namespace.get(key) is _PATCHED[value.__name__]:
                        namespace[key] = value
