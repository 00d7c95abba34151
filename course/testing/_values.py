"""Telling what a solution handed back by its real type, and how a task ended (runs beside
student code).

`isinstance(obj, cls)` is true when `type(obj)` is a subclass of `cls`, and also when
`obj.__class__` says so: a solution's exception with a `__class__` property claiming
`asyncio.CancelledError` passes `isinstance(outcome, asyncio.CancelledError)` although its
task was not cancelled (no `except CancelledError` catches it, `task.cancelled()` is False).
Checks ask `instance_of` instead, which reads only the real type (`type()` cannot be
answered by the object).

`asyncio.gather(..., return_exceptions=True)` has the same blind spot one level up: a task
that *returns* an exception object (`except CancelledError as error: return error`) shows
in its list exactly as one that raised it. Checks await `settled(*tasks)` instead, which
asks each task how it ended and hands a returned exception back wrapped in `Returned`.
"""

from __future__ import annotations

import asyncio


def instance_of(obj: object, classes: type | tuple[type, ...], _type=type, _issubclass=issubclass) -> bool:
    """Whether `type(obj)` is `classes` or a subclass of it (of one of them, for a tuple):
    `isinstance` without the `__class__` it would also believe. Raises TypeError as
    `issubclass` does when `classes` is not a class or a tuple of classes. (The builtins are
    bound as defaults, before any solution runs: one that replaces `builtins.issubclass`
    changes nothing here.)"""
    return _issubclass(_type(obj), classes)


def outcome(task, _cancelled=asyncio.Future.cancelled, _exception=asyncio.Future.exception,
            _result=asyncio.Future.result) -> str:
    """How a finished task ended, for a failure message: "was cancelled", "raised <repr of the
    exception>" or "returned <repr of the result>". Asked of asyncio.Future's own methods (a
    task class of a solution's may answer otherwise). Raises asyncio.InvalidStateError for a
    task not done."""
    if _cancelled(task):
        return "was cancelled"
    if _exception(task) is not None:
        return f"raised {_exception(task)!r}"
    return f"returned {_result(task)!r}"


class Returned:
    """An exception object a task returned (its `value`), not raised: in `settled`'s list it
    is no `BaseException`, so a check that asks whether a call raised (or ended cancelled)
    is not told yes by a call that swallowed the error and handed it back."""

    __slots__ = ("value",)

    def __init__(self, value: BaseException) -> None:
        self.value = value

    def __repr__(self) -> str:
        return f"{self.value!r} (returned, not raised)"


async def settled(*tasks: asyncio.Future, _gather=asyncio.gather, _cancelled=asyncio.Future.cancelled,
                  _exception=asyncio.Future.exception, _result=asyncio.Future.result,
                  _is_future=asyncio.isfuture) -> list:
    """Wait for every task to end; then, for each, in order: a `CancelledError` if it was
    cancelled, the exception it raised, or what it returned (an exception object it returned
    comes wrapped in `Returned`). Like `asyncio.gather(*tasks, return_exceptions=True)`,
    minus its blind spot (see the module docstring); each answer is asked of asyncio.Future's
    own methods, not of the task's class. Raises TypeError for anything but tasks (futures):
    a coroutine handed to gather becomes a task nobody can ask."""
    for task in tasks:
        if not _is_future(task):
            raise TypeError(f"settled() takes tasks, not {type(task).__name__}: wrap a coroutine in sim.spawn()")
    await _gather(*tasks, return_exceptions=True)
    ends: list = []
    for task in tasks:
        if _cancelled(task):
            ends.append(asyncio.CancelledError())
        elif _exception(task) is not None:
            ends.append(_exception(task))
        else:
            value = _result(task)
            ends.append(Returned(value) if instance_of(value, BaseException) else value)
    return ends
