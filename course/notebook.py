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

A solution whose placeholder still runs (its cell as released, or not run since it was
edited, or failing when it ran) makes a demo fail with a short note
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
import sys
import sysconfig
import textwrap
import threading
from types import FrameType
from typing import Any, AsyncIterator, Awaitable, Callable, Iterator

from .testing import CheckFailed, Simulation
from .testing._failures import WRAP_AT
from .testing._names import call_advice, name_advice
from .testing._runner import _describe_running, run_printing, solution_error

# Extra real time given to code that never yields, beyond the asyncio deadline.
_GRACE = 0.5
# Code in these folders (the standard library, installed packages) is the
# kernel's own machinery; student code runs from the kernel's cell files.
_MACHINERY = tuple({os.path.join(sysconfig.get_paths()[key], "") for key in ("stdlib", "purelib", "platlib")})


class DemoTimeout(CheckFailed):
    """A demo cell did not finish in time."""

    title = "Time limit"


def _deadlock_message(what: str, seconds: float, waiting: list[str] | None = None) -> str:
    message = (f"{what} did not finish within {seconds:g} s. Some task is waiting for something that "
               "never happens: a lock that is never released, an event never set, a queue never fed. "
               "Check your solution against the hints.")
    if waiting:
        message += "\nWaiting when the time was up:\n" + "\n".join(f"  - {line}" for line in waiting)
    return message


#: How many of the demo's tasks a timed-out demo describes, and how long before its deadline (seconds)
#: it looks at them: the deadline cancels them, and a cancelled task no longer says where it waited.
_DESCRIBED = 6
_LOOK_BEFORE = 0.01


def _waiting(tasks: set[asyncio.Task]) -> list[str]:
    """Where each of `tasks` still running waits ("task 'worker-1' waits in Event.wait() on Event
    `ready` (not set), in worker() line 6"), by name; the first `_DESCRIBED`."""
    running = sorted((t for t in tasks if not t.done()), key=lambda t: t.get_name())
    try:
        lines = _describe_running(running[:_DESCRIBED])  # (the checks' "Still running" lines)
    except Exception:  # (a description is a courtesy: never the demo's failure)
        lines = [f"task {task.get_name()!r}" for task in running[:_DESCRIBED]]
    if len(running) > _DESCRIBED:
        lines.append(f"... and {len(running) - _DESCRIBED} more")
    return lines


def _spin_message(what: str, seconds: float, where: str = "") -> str:
    stopped = f"It was stopped {where}." if where else "It was stopped in your code."
    return (f"{what} did not finish within {seconds:g} s, and your code never gave control back to "
            "the event loop: a loop without an `await` that waits, or a blocking call such as "
            f"time.sleep(). {stopped}")


def _where(frame: FrameType | None) -> str:
    """Where student code was stopped: its function and line ("in consumer() line 7: `...`")."""
    from .testing._diagnosis import _describe_frame
    return _describe_frame(frame) if frame is not None else ""


def _is_machinery(frame: FrameType | None) -> bool:
    return frame is not None and frame.f_code.co_filename.startswith(_MACHINERY)


@contextlib.contextmanager
def _alarm(seconds: float, what: str, limit: float) -> Iterator[list[bool]]:
    """Raise DemoTimeout in student code still running after `seconds` (main thread only).

    Yields a list whose first item becomes True once the alarm has struck (the second,
    then, says where in student code).
    """
    struck = [False, ""]
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield struck
        return

    def on_alarm(signum: int, frame: FrameType | None) -> None:
        if _is_machinery(frame):
            signal.setitimer(signal.ITIMER_REAL, 0.2)  # not in student code: look again soon
            return
        struck[0] = True
        where = _where(frame)
        struck[1:] = [where]
        # Several tasks may spin in turn (a gather of two broken calls): keep
        # striking until the block exits, where the alarm is disarmed.
        signal.setitimer(signal.ITIMER_REAL, 0.5)
        raise DemoTimeout(_spin_message(what, limit, where))

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
    struck = [False, ""]
    loop, here = asyncio.get_running_loop(), asyncio.current_task()
    before = asyncio.all_tasks(loop)
    waiting: list[str] = []

    def look() -> None:  # the demo's own tasks (made since it began), just before its deadline
        waiting[:] = _waiting(asyncio.all_tasks(loop) - before - {here})

    looking = loop.call_later(max(seconds - _LOOK_BEFORE, 0.0), look)
    try:
        with _alarm(seconds + _GRACE, what, seconds) as struck:
            async with asyncio.timeout(seconds):
                yield
    except TimeoutError:
        # If the alarm struck, the loop was blocked: that, not a wait, is the cause.
        if struck[0]:
            raise DemoTimeout(_spin_message(what, seconds, struck[1])) from None
        raise DemoTimeout(_deadlock_message(what, seconds, waiting)) from None
    except NotImplementedError as exc:
        # The placeholder still ran (an unsolved problem, or a solution cell not run since it was
        # edited, or failing when run): a short note, as a check gives, not a traceback
        # (the cell is tagged `raises-exception`, so Run All goes on to the next problem).
        raise solution_error(exc) from None
    finally:
        looking.cancel()


async def on_virtual_time(scenario: Callable[[Simulation], Awaitable[Any]]) -> Any:
    """Await `scenario(sim)` run on a virtual clock; return what it returns.

    For demo cells, inside `time_limit`: the scenario runs exactly as a check
    does (`course.testing.run`: its own virtual-time loop in a worker thread,
    asyncio's own task order, deadlock detection), so `asyncio.sleep(0.1)`
    takes no real time and `sim.now()` reads exact virtual seconds. What
    the scenario prints is shown when it has finished (a failure includes it).
    """
    try:
        result, printed = await asyncio.to_thread(run_printing, scenario)
    except CheckFailed as failure:
        failure.checked_label = "What ran"  # (a demo checks nothing)
        raise
    # Printed here, from the kernel's thread, so it lands in the demo's cell.
    print(printed, end="")
    return result


#: What each problem's hidden tests check, one (points, what) per hidden test cell, in the
#: notebook's order: the first comment line of each hidden test cell in source/ ("# Hidden
#: test (2 points): <what>"). The released notebooks carry no hidden tests, so this table is
#: where a visible check's success line reads them; course/tests/test_notebook_helpers.py
#: keeps it equal to source/ (edit a hidden test's first line, then this table).
HIDDEN_TESTS: dict[str, tuple[tuple[int, str], ...]] = {
    "P01": (
        (2, 'the total is exact for several task counts, under 100 schedules.'),
        (2, 'never two tasks inside a read-await-write update at once.'),
        (2, 'the lock protecting the updates is the one passed in.'),
        (2, 'when an update raises or is cancelled, the lock is released and the others go on.'),
        (1, 'each update awaits (gives other tasks their turn) between its read and its write.'),
    ),
    "P02": (
        (2, 'never more calls in flight than the semaphore has permits.'),
        (1, 'the limit is reached: calls are bounded, not serialized.'),
        (1, 'n calls through `limit` permits take ceil(n / limit) x 10 ms.'),
        (2, 'a call that raises gives its permit back.'),
        (2, 'a call cancelled while waiting or while running leaks no permit.'),
        (1, '`active` ends empty, also when a call is cancelled in flight.'),
    ),
    "P03": (
        (2, 'no worker goes on before the event is set (also one cancelled while it waits).'),
        (3, 'one set() wakes every waiting worker, all at that moment.'),
        (2, 'a worker that starts after the signal does not wait.'),
        (2, 'the initializer signals once, when its 0.02 s startup is over (not when cancelled in it).'),
    ),
    "P04": (
        (4, 'nothing is ever taken from an empty deque, even after a stolen wake-up.'),
        (3, 'items come out in the order they were produced: appended on the right, taken from the left.'),
        (3, 'with several consumers, every item is taken exactly once.'),
        (3, 'a waiting consumer sleeps on the condition, it does not poll, and waits however long it takes.'),
    ),
    "P05": (
        (4, 'in every time window, no more requests pass than the bucket allows.'),
        (2, 'a fresh bucket lets a burst of max_tokens through at once.'),
        (3, 'n requests made at once all finish by (n - max_tokens) / rate.'),
        (2, 'a long idle period refills the bucket to max_tokens, never beyond.'),
        (2, 'waiting callers are served in the order they called acquire().'),
    ),
    "P06": (
        (2, 'the queue never holds more than maxsize items.'),
        (3, 'the producer waits in put() while the queue is full, a consumer in get() while it is empty.'),
        (3, 'every item is processed exactly once, in order with one consumer.'),
        (3, 'join() returns, and only once every item has been processed.'),
        (2, 'several consumers share the work and finish it in parallel.'),
    ),
    "P07": (
        (4, 'no worker passes the barrier before all parties have arrived, however late the last one comes.'),
        (4, 'over several rounds, the barrier is reused and holds every round.'),
        (5, 'a worker cancelled or whose work raises, or a party that aborts, breaks the barrier: no hang.'),
    ),
    "P08": (
        (4, 'it opens after `threshold` failures in a row; a success resets the count.'),
        (2, 'what fn returns or raises reaches the caller unchanged.'),
        (2, 'while open, calls are rejected at once and fn is never called, whenever earlier calls end.'),
        (5, 'in half-open state, exactly one trial call goes through; the rest fail fast.'),
        (5, 'a successful trial closes the circuit; a failed one opens it for a full timeout.'),
    ),
    "P09": (
        (3, 'readers hold the lock together, also when a writer lets them in; two locks are two locks.'),
        (5, 'a writer is always alone: no reader and no other writer with it.'),
        (6, 'under a continuous stream of readers, a waiting writer gets in quickly.'),
        (4, 'a waiter cancelled, or a holder leaving by an error or a cancellation, leaves the lock usable.'),
    ),
    "P10": (
        (4, 'on random sequences of put() and get(), the queue behaves like a simple model.'),
        (4, 'items are never compared, so dicts and objects without an order go through.'),
        (3, 'get() on an empty queue waits, and wakes up as soon as an item is put.'),
        (3, 'with several consumers waiting, every item reaches exactly one of them.'),
        (4, 'a get() cancelled while it waits loses no item.'),
    ),
    "P11": (
        (4, 'never more than `size` resources out at once, never one resource to two holders.'),
        (4, 'no unhealthy resource is handed out; dead ones are closed and replaced via the factory.'),
        (4, 'a checkout cancelled while it waits takes no slot with it.'),
        (3, 'checking in a resource that did not come from this pool raises ValueError.'),
        (3, 'after all the work, every slot is free again; failures and cancellations reach the caller.'),
    ),
}


#: Where `passed` shows its line, if not through IPython: a check process sets its own
#: (it runs test cells without an IPython shell).
display_hook: Callable[[dict[str, str]], None] | None = None


def visible_success(problem: str, what: str) -> tuple[str, str]:
    """(plain text, HTML) of a problem's visible checks passing: what they saw, and, honestly,
    that the hidden tests check more (named from `HIDDEN_TESTS`)."""
    hidden = HIDDEN_TESTS.get(problem, ())
    head = f"{problem}: the visible checks pass ({what})."
    if not hidden:
        return head, html.escape(head)
    points = sum(p for p, _ in hidden)
    intro = f"The hidden tests ({points} points) also check:"
    text = "\n".join([head, intro] + [f"  - {check}" for _, check in hidden])
    items = "".join(f"<li>{html.escape(check)}</li>" for _, check in hidden)
    markup = (f"{html.escape(head)}<div style='font-weight:400;color:#1f2328'>{html.escape(intro)}"
              f"<ul style='margin:2px 0 0 0'>{items}</ul></div>")
    return text, markup


def passed(message: str, *, problem: str | None = None) -> None:
    """Show a green success line (plain text where HTML cannot be shown).

    With `problem` ("P04"), `message` says what the problem's visible checks saw, and the
    line adds what its hidden tests still check (`visible_success`): a visible check
    passing is no promise that the solution is right.
    """
    if problem is not None:
        text, markup = visible_success(problem, message)
    else:
        text, markup = message, html.escape(message)
    data = {"text/plain": f"✔ {text}",
            "text/html": f'<div style="color:#1a7f37;font-weight:600">✔ {markup}</div>'}
    if display_hook is not None:
        display_hook(data)
        return
    try:
        from IPython import get_ipython
        from IPython.display import display
    except ImportError:  # pragma: no cover - IPython ships with the kernel
        get_ipython = None
    if get_ipython is None or get_ipython() is None:
        print(data["text/plain"])
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


# --- advice under a plain NameError or TypeError in a demo or visible-check cell -----------
def _advice_for(value: BaseException, namespace: dict) -> str | None:
    if isinstance(value, NameError) and getattr(value, "name", None):
        return name_advice(value.name)
    return call_advice(value, namespace)


def _advising_handler(shell, etype, value, tb, tb_offset=None) -> list[str]:
    """IPython's traceback of `value`, and below it what happened and what to do, when the
    error is a solution's name not defined (a kernel restart) or a shared name (`consumer`)
    now holding another problem's function."""
    try:
        advice = _advice_for(value, shell.user_ns)
    except Exception:  # pragma: no cover - advice never hides the error itself
        advice = None
    if advice:
        # The advice says what happened and what to do: the error's own line above it, and no
        # traceback through the demo's code (a new student read past a screen of it), wrapped
        # between words (a browser breaks a long output line anywhere: "noteb / ook").
        lines = textwrap.wrap(f"What to do: {advice}", WRAP_AT, subsequent_indent="  ")
        lines[0] = lines[0].replace("What to do:", "\x1b[0;31mWhat to do:\x1b[0m", 1)
        stb = [f"\x1b[0;31m{etype.__name__}\x1b[0m: {value}", *lines]
    else:
        stb = shell.InteractiveTB.structured_traceback(etype, value, tb, tb_offset=tb_offset)
    # IPython leaves showing the error to a custom handler: shown as any error is (in a
    # kernel, an `error` output with this traceback), so the cell still fails; and kept
    # where %debug looks for it.
    sys.last_type, sys.last_value, sys.last_traceback = etype, value, tb
    shell._showtraceback(etype, value, stb)
    return stb


def install_advice(shell: Any = None) -> bool:
    """Have the kernel add advice under a NameError or TypeError a solution's names cause
    (see `course.testing._names`). Done when this module is imported in a kernel (the
    notebooks' setup cell); False if not in IPython or if another handler is installed."""
    if shell is None:
        # Only where IPython runs already (a kernel): a check process never loads it for this.
        ipython = sys.modules.get("IPython")
        shell = ipython.get_ipython() if ipython is not None else None
    if shell is None or not hasattr(shell, "set_custom_exc"):
        return False
    current = tuple(getattr(shell, "custom_exceptions", ()) or ())
    if current and current != (NameError, TypeError):
        return False  # someone else's: leave it
    shell.set_custom_exc((NameError, TypeError), _advising_handler)
    return True


install_advice()
