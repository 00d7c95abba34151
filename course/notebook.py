"""Helpers for the notebooks' demo and visible-check cells.

Demo cells run student code on the kernel's own loop with top-level `await`.
`time_limit` bounds them on two fronts, so a broken solution fails the cell
with a message instead of hanging the notebook or killing the kernel (an
interrupt while a cell is stuck in top-level `await` kills the kernel, and
with it every later cell's grade):

- code that awaits forever (a deadlock) is cancelled by `asyncio.timeout`;
- code that never returns to the loop (`while True: pass`, `time.sleep`)
  gets a `DemoTimeout` raised in it by a SIGALRM handler, shortly after the
  asyncio deadline. The handler only raises where student code runs: if the
  alarm lands while the kernel's own loop machinery is running, it re-arms.

Demos whose story is about time (a timeout expiring, a writer waiting behind
readers) run it on the checks' virtual clock with `on_virtual_time`, so they
print exact, reproducible times. Visible checks report success with `passed`.

A solution cell still holding its placeholder makes a demo fail with a short note
(as the checks say it), not a traceback; demo and visible-check cells carry the
`raises-exception` tag, so *Run All* goes on past an unsolved problem to the end
of the notebook, where `course.progress.summary` shows where the student stands.
"""

from __future__ import annotations

import asyncio
import contextlib
import html
import os
import signal
import sysconfig
import threading
from types import FrameType
from typing import Any, AsyncIterator, Awaitable, Callable, Iterator

from .testing import CheckFailed, Simulation
from .testing._runner import run_printing, solution_error

# Extra real time given to code that never yields, beyond the asyncio deadline.
_GRACE = 0.5
# Code in these folders (the standard library, installed packages) is the
# kernel's own machinery; student code runs from the kernel's cell files.
_MACHINERY = tuple({os.path.join(sysconfig.get_paths()[key], "") for key in ("stdlib", "purelib", "platlib")})


class DemoTimeout(CheckFailed):
    """A demo cell did not finish in time."""

    title = "Time limit"


def _deadlock_message(what: str, seconds: float) -> str:
    return (f"{what} did not finish within {seconds:g} s. Some task is waiting for something that "
            "never happens: a lock that is never released, an event never set, a queue never fed. "
            "Check your solution against the hints.")


def _spin_message(what: str, seconds: float) -> str:
    return (f"{what} did not finish within {seconds:g} s, and your code never gave control back to "
            "the event loop: a loop without an `await` that waits, or a blocking call such as "
            "time.sleep(). It was stopped here.")


def _is_machinery(frame: FrameType | None) -> bool:
    return frame is not None and frame.f_code.co_filename.startswith(_MACHINERY)


@contextlib.contextmanager
def _alarm(seconds: float, what: str, limit: float) -> Iterator[list[bool]]:
    """Raise DemoTimeout in student code still running after `seconds` (main thread only).

    Yields a one-item list that becomes [True] once the alarm has struck.
    """
    struck = [False]
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield struck
        return

    def on_alarm(signum: int, frame: FrameType | None) -> None:
        if _is_machinery(frame):
            signal.setitimer(signal.ITIMER_REAL, 0.2)  # not in student code: look again soon
            return
        struck[0] = True
        # Several tasks may spin in turn (a gather of two broken calls): keep
        # striking until the block exits, where the alarm is disarmed.
        signal.setitimer(signal.ITIMER_REAL, 0.5)
        raise DemoTimeout(_spin_message(what, limit))

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield struck
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@contextlib.asynccontextmanager
async def time_limit(seconds: float, what: str = "This demo") -> AsyncIterator[None]:
    """`async with time_limit(5):` fails the cell after `seconds`, with advice."""
    struck = [False]
    try:
        with _alarm(seconds + _GRACE, what, seconds) as struck:
            async with asyncio.timeout(seconds):
                yield
    except TimeoutError:
        # If the alarm struck, the loop was blocked: that, not a wait, is the cause.
        message = _spin_message if struck[0] else _deadlock_message
        raise DemoTimeout(message(what, seconds)) from None
    except NotImplementedError as exc:
        # An unsolved problem's placeholder: a short note, as a check gives, not a traceback
        # (the cell is tagged `raises-exception`, so Run All goes on to the next problem).
        raise solution_error(exc) from None


async def on_virtual_time(scenario: Callable[[Simulation], Awaitable[Any]]) -> Any:
    """Await `scenario(sim)` run on a virtual clock; return what it returns.

    For demo cells, inside `time_limit`: the scenario runs exactly as a check
    does (`course.testing.run`: its own virtual-time loop in a worker thread,
    asyncio's own task order, deadlock detection), so `asyncio.sleep(0.1)`
    takes no real time and `sim.now()` reads exact virtual seconds. What
    the scenario prints is shown when it has finished (a failure includes it).
    """
    result, printed = await asyncio.to_thread(run_printing, scenario)
    # Printed here, from the kernel's thread, so it lands in the demo's cell.
    print(printed, end="")
    return result


#: Where `passed` shows its line, if not through IPython: a check process sets its own
#: (it runs test cells without an IPython shell).
display_hook: Callable[[dict[str, str]], None] | None = None


def passed(message: str) -> None:
    """Show a green success line (plain text where HTML cannot be shown)."""
    data = {"text/plain": f"✔ {message}",
            "text/html": f'<div style="color:#1a7f37;font-weight:600">✔ {html.escape(message)}</div>'}
    if display_hook is not None:
        display_hook(data)
        return
    try:
        from IPython import get_ipython
        from IPython.display import display
    except ImportError:  # pragma: no cover - IPython ships with the kernel
        get_ipython = None
    if get_ipython is None or get_ipython() is None:
        print(f"✔ {message}")
        return
    display(data, raw=True)


def _watch_progress() -> None:
    """In a kernel, let `course.progress.summary` follow the visible check cells."""
    try:
        from . import progress

        progress.watch()
    except Exception:  # noqa: BLE001 - the summary is a convenience; never break the setup cell
        pass


_watch_progress()
