"""Methods an instance attribute cannot shadow, for objects a check reads back.

Runs beside student code (the sandbox side), in a check process only. A check
hands a solution tasks, locks, events and queues, then asks them questions:
`task.done()`, `lock.locked()`, `event.is_set()`. Python finds a method on
the instance before the class, so a solution holding the object could answer
for it (`asyncio.current_task().cancelled = lambda: True`). Here each public
method of asyncio's primitives and of the loop, and every method of the
course's traced primitives, becomes a *data* descriptor, which Python consults before the
instance's `__dict__`: an assignment fails at once, and an entry written into
`__dict__` directly is never read. Tasks made on the checks' loop are
`SealedTask`s, the same for `asyncio.Task`'s methods (a C type, whose own
dictionary cannot change), and no class may derive from `SealedTask`, so
`task.__class__ = Liar` has nothing of ours to borrow. (Setting `__class__`
through `object`'s own descriptor, to a class of the same layout, is left to
the guard: see the README's known gaps.)

What a solution does to its *own* objects is what its code really does, and is
judged as such. The traced primitives keep no asyncio state of their own (see
`_primitives._internal`): `lock._locked = False` on one of the checks' locks
fails the run.
"""

from __future__ import annotations

import asyncio
import sys
import warnings

from . import _trace
from ._descriptors import FixedClassMethod, FixedMethod, FixedProperty
from ._identity import identity
from ._loop import _seconds

__all__ = ["SealedTask", "WAIT_FOR_SWALLOWS_CANCELLATION", "returned_late", "seal", "seal_public_methods", "wait",
           "wait_for",
           "warn_unawaited_coroutine"]


def _methods(cls: type, private: bool) -> dict[str, object]:
    """Callables `cls` defines itself (not data, not properties, not nested classes, not
    dunders): the public ones, and with `private` the `_helpers` too."""
    return {name: value for name, value in vars(cls).items()
            if (private or not name.startswith("_")) and not name.startswith("__")
            and callable(value) and not isinstance(value, type)}


def seal_public_methods(cls: type, private: bool = False) -> None:
    """Make each public method `cls` defines (with `private`, each `_helper` too) a `FixedMethod`
    (see the module docstring; a tuple, not a `property`, which any code could give another getter
    in place, unseen: see _descriptors)."""
    for name, function in _methods(cls, private).items():
        setattr(cls, name, FixedMethod(function))


class SealedTask(asyncio.Task):
    """An asyncio.Task whose methods no instance attribute can shadow, and no class
    can derive from (so none can lend it other methods through `__class__`)."""

    @FixedClassMethod  # (explicit: Python would make a plain def here a `classmethod`)
    def __init_subclass__(cls, **kwargs):
        raise TypeError("SealedTask cannot be subclassed: it is what the checks' tasks are")

    @FixedProperty
    def __class__(self):
        return SealedTask


for _name in dir(asyncio.Task):
    if not _name.startswith("_") and callable(getattr(asyncio.Task, _name)):
        setattr(SealedTask, _name, FixedMethod(getattr(asyncio.Task, _name)))
del _name


def _name_as_made(task: asyncio.Task, _get_name=asyncio.Task.get_name,
                  _getframe=sys._getframe) -> str:
    """`task.get_name()` in a check's run: the name the task was made with, as the run's ledger
    files its events (`set_name` by a solution, on its own task or one the test spawned, does not
    change whose task a check takes it for); outside a run, asyncio's own answer."""
    ledger = _trace.ask_ledger(_getframe())
    if ledger is not None:
        made = ledger.names.get(identity(task))
        if made is not None:
            return made
    return _get_name(task)


SealedTask.get_name = FixedMethod(_name_as_made)


def _cancel(task: asyncio.Task, msg=None, _cancel=asyncio.Task.cancel, _getframe=sys._getframe) -> bool:
    """`task.cancel(msg)`, as asyncio's; in a check's run, a request made by the tests (test code
    for the tests themselves, directly or through asyncio's own code, as a gather's cancel) is
    noted in the run's ledger: a sweep's target that ended cancelled with no such request and no
    cut cancelled itself (see `_cancellation.every_suspension`)."""
    own = _getframe()
    ledger = _trace.find_ledger(own)
    if ledger is not None and _trace.asked_by_tests(ledger, own):
        ledger.test_cancels[identity(task)] = task
    own = None
    return _cancel(task, msg)


SealedTask.cancel = FixedMethod(_cancel)


def seal() -> None:
    """In a check process, before any student code: seal the primitives' and the loop's methods
    and make the checks' loop create `SealedTask`s."""
    from . import _primitives
    from ._loop import VirtualTimeLoop
    primitives = (asyncio.Lock, asyncio.Semaphore, asyncio.BoundedSemaphore, asyncio.Event,
                  asyncio.Condition, asyncio.Queue, asyncio.PriorityQueue, asyncio.LifoQueue, asyncio.Barrier,
                  asyncio.base_events.BaseEventLoop, asyncio.AbstractEventLoop, VirtualTimeLoop)
    # The course's own primitives: their private helpers too (`_hold`, `_suspended`), which
    # asyncio's code never assigns on an instance.
    traced = tuple(value for value in vars(_primitives).values()
                   if isinstance(value, type) and value.__module__ == _primitives.__name__)
    for cls in primitives:
        seal_public_methods(cls)
    for cls in traced:
        seal_public_methods(cls, private=True)
    type.__setattr__(VirtualTimeLoop, "task_class", SealedTask)
    # asyncio.current_task() answers from the run's ledger: which task's step the loop is
    # running. asyncio's own answer comes from a table (`asyncio.tasks._current_tasks`) that
    # any code can write to.
    asyncio.current_task = asyncio.tasks.current_task = current_task
    # A sleep ends when the loop's clock reaches its end, and a test's gather returns what its
    # children returned: a solution can resolve any future it reaches (a sleep's, through the
    # task awaiting it; a gather's, the same way), so both are checked against the ledger.
    asyncio.sleep = asyncio.tasks.sleep = sleep
    asyncio.gather = asyncio.tasks.gather = gather
    # And a test's asyncio.wait returns when what it waits for is done as `return_when` says, or its time is up: a
    # solution can reach the future asyncio.wait awaits (the waiting task's `_fut_waiter`). Red-team pass 125 resolved
    # the one a P05 test's `asyncio.wait(callers, timeout=...)` awaited as soon as one caller was cancelled, so the test
    # cancelled the others before the bucket's bug let one in early (route `p05_wait_ended_early`, +4).
    asyncio.wait = asyncio.tasks.wait = wait
    if WAIT_FOR_SWALLOWS_CANCELLATION:
        asyncio.wait_for = asyncio.tasks.wait_for = wait_for
    # A coroutine never awaited is reported to the run's ledger, whatever warnings' filters say.
    warnings._warn_unawaited_coroutine = warn_unawaited_coroutine


#: Python 3.11's asyncio.wait_for awaits in a task of its own and, cancelled in the step where
#: that task finishes, returns its result: the caller's cancellation is lost (CPython gh-86296;
#: 3.12 rebuilt wait_for on asyncio.timeout, in the caller's own task, gh-96764).
WAIT_FOR_SWALLOWS_CANCELLATION = sys.version_info < (3, 12)


async def wait_for(aw, timeout):
    """asyncio.wait_for(aw, timeout) as Python 3.12 and later run it, for check processes on 3.11
    (see `seal` and `WAIT_FOR_SWALLOWS_CANCELLATION`): a solution that waits through wait_for
    gets the same score on every Python. Returns what `aw` returns; raises TimeoutError once
    `timeout` seconds (None: no limit) have passed, `aw` then cancelled; a timeout <= 0 never
    lets a coroutine start."""
    if timeout is not None and timeout <= 0:
        future = asyncio.ensure_future(aw)
        if not future.done():
            future.cancel()
            await asyncio.wait((future,))  # never raises what `future` raised; cancellable
            if future.cancelled():
                raise TimeoutError
        return future.result()
    async with asyncio.timeout(timeout):
        return await aw


async def sleep(delay, result=None, _sleep=asyncio.tasks.sleep, _getframe=sys._getframe, _seconds=_seconds):
    """asyncio.sleep(delay, result), as the check process runs it (see `seal`): in a run, a
    sleep resolved before the loop's clock reached its end fails the run."""
    ledger = _trace.ask_ledger(_getframe())
    try:
        # The delay's value as the loop reads it: a float subclass's `>` is its own, and one that said
        # 10.0 was not > 0 skipped this check (red-team pass 96, route `p07_lying_delay_sleep`, +5).
        seconds = _seconds(delay, "delay")
    except TypeError:
        seconds = None  # (asyncio.sleep raises its own error for it)
    if ledger is None or seconds is None or not seconds > 0:
        return await _sleep(delay, result)
    end = ledger.now + seconds
    value = await _sleep(delay, result)
    if ledger.now < end:
        ledger.changed.append(f"a sleep of {seconds:g} s (ended {end - ledger.now:.6f} s early, from outside)")
    return value


def wait(fs, *, timeout=None, return_when=asyncio.ALL_COMPLETED, _wait=asyncio.tasks.wait, _getframe=sys._getframe):
    """asyncio.wait(fs, timeout=..., return_when=...), as the check process runs it (see `seal`): called by test code
    in a run, (done, pending) are read from the futures themselves, and a wait that returned before its timeout (with
    none, at all) while what it waits for was not done as `return_when` says fails the run: the future it awaited was
    resolved from outside. Elsewhere, asyncio's own."""
    ledger = _trace.find_ledger(_getframe())
    if ledger is None:
        return _wait(fs, timeout=timeout, return_when=return_when)
    own = _getframe()
    by_tests = _trace.called_by_tests(ledger, own.f_back, own)
    own = ledger = None
    if not by_tests:
        return _wait(fs, timeout=timeout, return_when=return_when)
    futures = tuple(fs)
    return _waited(futures, timeout, return_when, _wait(futures, timeout=timeout, return_when=return_when))


async def _waited(futures, timeout, return_when, waiting, _getframe=sys._getframe, _seconds=_seconds,
                  _done=asyncio.Future.done, _cancelled=asyncio.Future.cancelled, _exception=asyncio.Future.exception):
    """What a test awaits for `asyncio.wait(futures, ...)` in a check process (see `wait`): `waiting`, asyncio's."""
    ledger = _trace.ask_ledger(_getframe())
    begun = ledger.now
    try:
        end = None if timeout is None else begun + _seconds(timeout, "timeout")
    except (TypeError, ValueError):
        end = None  # (asyncio.wait raises its own error for it)
    ledger = None
    await waiting
    # Its timer, or asyncio.wait's own done callbacks, taken away (through the callback asyncio.wait puts on each
    # future it waits for): it returned later than its timeout, or than what it waited for ended (red-team pass 126:
    # P01's and P02's released the lock or permit 2 s after a failed update, past the test's 1 s wait, +3 and +4,
    # routes `pNN_wait_deadline_postponed`).
    returned_late(_trace.ask_ledger(_getframe()), futures, begun, "a test's asyncio.wait", return_when, end)
    done = [future for future in futures if _done(future)]
    failed = any(not _cancelled(future) and _exception(future) is not None for future in done)
    if not (len(done) == len(futures) or (done and return_when == asyncio.FIRST_COMPLETED)
            or (failed and return_when == asyncio.FIRST_EXCEPTION)):
        ledger = _trace.ask_ledger(_getframe())
        if ledger is not None and (timeout is None or (end is not None and ledger.now < end)):
            ledger.changed.append("a test's asyncio.wait, which returned with what it waited for not done, "
                                  + ("with no timeout" if timeout is None else f"{end - ledger.now:.6f} s before its "
                                     "timeout") + " (its future resolved from outside)")
    return set(done), {future for future in futures if not _done(future)}


def _due(futures, return_when, finished: dict, cancelled_fails: bool = False, _cancelled=asyncio.Future.cancelled,
         _exception=asyncio.Future.exception, _done=asyncio.Future.done) -> float | None:
    """When a wait for `futures` (tasks of the run: `finished`, the ledger's end times, by identity) was to return by
    `return_when`, what it waited for being done; None if that is not yet, or not known (a future that is no task).
    `cancelled_fails`: a cancelled one counts as one that raised (a gather's)."""
    if not futures:
        return None  # (a gather of nothing returns at once)
    ends = [finished.get(identity(future)) if _done(future) else None for future in futures]
    known = [when for when in ends if when is not None]
    if return_when == asyncio.FIRST_COMPLETED:
        return min(known) if known else None
    if return_when == asyncio.FIRST_EXCEPTION:
        failed = [when for when, future in zip(ends, futures) if when is not None and (
            (cancelled_fails and _cancelled(future)) or (not _cancelled(future) and _exception(future) is not None))]
        if failed:
            return min(failed)
    return max(known) if len(known) == len(futures) else None


def returned_late(ledger, futures, begun: float, what: str, return_when: str = asyncio.ALL_COMPLETED,
                  end: float | None = None, cancelled_fails: bool = False) -> None:
    """Note in the run's ledger (`changed`, which fails the check) a wait for `futures` (tasks), begun at `begun`
    (virtual seconds), that returned later than `return_when` says they were done (see `_due`; `cancelled_fails`: a
    gather's, for which a cancelled child counts as one that raised), or than its timeout `end` came, as `what`.
    asyncio resolves a gather's future from a done callback on each child, which a solution can take out of the
    child (`_callbacks`) and put back later: the test's gather, or `settled`, then returned once the solution's bug
    had run its course (red-team pass 127: P01 +2, P02 +1, P08 +5, routes `pNN_gather_held`, `p01_settled_held`).
    Not while `let_time_pass` leaps (every timer fires late then)."""
    if ledger is None or ledger.leap is not None:
        return
    due = _due(futures, return_when, ledger.finished, cancelled_fails)
    due = end if due is None else max(due, begun) if end is None else min(max(due, begun), end)
    if due is not None and ledger.now > due + ledger.tick:
        ledger.changed.append(f"{what}, which returned {ledger.now - due:.6f} s after "
                              + ("its timeout or " if end is not None else "") + "what it waited for had ended (its "
                              + ("timer or " if end is not None else "") + "callbacks taken away)")


def gather(*aws, return_exceptions=False, _gather=asyncio.tasks.gather,
           _getframe=sys._getframe):
    """asyncio.gather(...), as the check process runs it (see `seal`): called by test code in a
    run, an awaitable whose result is rebuilt from the children themselves (each a task the
    ledger saw end in a step of its own), not read from gather's future, which a solution
    could resolve. Elsewhere, asyncio's own."""
    outer = _gather(*aws, return_exceptions=return_exceptions)
    ledger = _trace.find_ledger(_getframe())
    if ledger is None:
        return outer
    own = _getframe()
    by_tests = _trace.called_by_tests(ledger, own.f_back, own)
    own = None
    if not by_tests:
        return outer
    return _Gathered(outer, tuple(getattr(outer, "_children", ())), return_exceptions)


class _Gathered:
    """What a test awaits for `asyncio.gather(...)` in a check process (see `gather`)."""

    # (No ledger kept here: an attribute of this object is anyone's to read, and red-team pass 70's
    # solution took the run's ledger from one. `__await__` asks for it when it needs it.)
    __slots__ = ("_outer", "_children", "_return_exceptions")

    def __init__(self, outer, children, return_exceptions) -> None:
        self._outer, self._children, self._return_exceptions = outer, children, return_exceptions

    def __await__(self, _getframe=sys._getframe):
        ledger = _trace.find_ledger(_getframe())
        begun, ledger = (ledger.now if ledger is not None else None), None
        try:
            yield from self._outer.__await__()
        finally:
            if begun is not None:
                returned_late(_trace.find_ledger(_getframe()), self._children, begun, "a test's asyncio.gather",
                              asyncio.ALL_COMPLETED if self._return_exceptions else asyncio.FIRST_EXCEPTION,
                              cancelled_fails=not self._return_exceptions)
        results = []
        for child in self._children:
            if not asyncio.Future.done(child):
                ledger = _trace.find_ledger(_getframe())
                if ledger is not None:
                    ledger.changed.append("a gather the checks awaited (resolved before its children ended)")
                raise asyncio.CancelledError()
            if asyncio.Future.cancelled(child):
                if not self._return_exceptions:
                    raise asyncio.CancelledError()
                results.append(asyncio.CancelledError())
                continue
            error = asyncio.Future.exception(child)
            if error is not None and not self._return_exceptions:
                raise error
            results.append(error if error is not None else asyncio.Future.result(child))
        return results

    def cancel(self, msg=None) -> bool:
        return self._outer.cancel(msg)

    def __getattr__(self, name):  # done(), result(), add_done_callback(): gather's future's
        return getattr(self._outer, name)


def warn_unawaited_coroutine(coro, _warn=warnings._warn_unawaited_coroutine,
                             _getframe=sys._getframe, _Message=warnings.WarningMessage, _str=str):
    """warnings._warn_unawaited_coroutine(coro), as the check process has it (see `seal`): what
    Python calls when a coroutine that never started is finalized (an async function called
    without `await`). In a run, the warning goes to the run's ledger, which the runner reads,
    and nowhere else: warnings' own path asks `warnings.filters`, `showwarning` and
    `_showwarnmsg_impl`, module data any code can change during a run
    (`warnings.simplefilter("ignore")`), so a forgotten `await` would go unseen. Elsewhere (the
    collection that ends a check), warnings' own, with the check's filters (see
    `_isolation.swapped`)."""
    ledger = _trace.find_ledger(_getframe())
    if ledger is None:
        return _warn(coro)
    message = f"coroutine '{_str(getattr(coro, '__qualname__', '?'))}' was never awaited"
    ledger.warned.append(_Message(RuntimeWarning(message), RuntimeWarning, "", 0))
    return None


def current_task(loop=None, _asyncio_current_task=asyncio.tasks.current_task,
                 _getframe=sys._getframe):
    """asyncio.current_task(loop), as the check process answers it (see `seal`)."""
    ledger = _trace.ask_ledger(_getframe())
    if ledger is not None and (loop is None or loop is ledger.loop):
        return ledger.acting
    return _asyncio_current_task(loop)
