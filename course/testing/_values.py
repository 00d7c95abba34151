"""Telling what a solution handed back by its real type, and how a task ended (runs beside
student code).

`isinstance(obj, cls)` is true when `type(obj)` is a subclass of `cls`, and also when
`obj.__class__` says so: a solution's exception with a `__class__` property claiming
`asyncio.CancelledError` passes `isinstance(outcome, asyncio.CancelledError)` although its
task was not cancelled (no `except CancelledError` catches it, `task.cancelled()` is False).
Checks ask `instance_of` instead, which reads only the real type (`type()` cannot be
answered by the object).
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
