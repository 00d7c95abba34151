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
import sys

from . import _trace
from ._failures import InvariantBroken
from ._identity import derives_from, identity
from ._sealed import returned_late


def instance_of(obj: object, classes: type | tuple[type, ...], _type=type, _derives=derives_from, _any=any) -> bool:
    """Whether `type(obj)` is `classes` or a subclass of it (of one of them, for a tuple), by the
    bases it was built from (`_identity.derives_from`): `isinstance` without the `__class__` it
    would also believe, nor an MRO a metaclass made up, nor a class's `__subclasscheck__`. Raises
    TypeError when `classes` is not a class or a tuple of classes. (What it calls is bound as
    defaults, before any solution runs: one that replaces `builtins.issubclass` changes nothing.)

    An exception (`obj` of a class built on BaseException) whose class, or a class it looks its
    attributes up in, redefines a part Python's own exception classes define (`exceptions`,
    `__cause__`, `args`, ...: see `_BUILTIN_PARTS`) or how attributes are looked up
    (`__getattribute__`, `__getattr__`) raises InvariantBroken: a check that asked what an exception
    is reads its parts next (`raised.exceptions`), and a part that is a solution's property runs its
    code there, in the middle of the check (red-team pass 119: an ExceptionGroup subclass whose
    `exceptions` released a lock the call had leaked, just before P01's test looked at the lock,
    route `p01_group_exceptions_release`, +2)."""
    kinds = classes if _type(classes) is tuple else (classes,)
    for cls in kinds:
        if not _derives(_type(cls), type):
            raise TypeError("instance_of() arg 2 must be a class or a tuple of classes")
    kind = _type(obj)
    if not _any(_derives(kind, cls) for cls in kinds):
        return False
    if _derives(kind, BaseException):
        _refuse_redefined_parts(kind)
    return True


def _builtin_exception_types() -> list[type]:
    import builtins
    return [value for value in vars(builtins).values()
            if type(value) is type and issubclass(value, BaseException)]


#: The parts of each builtin exception type (and object), by identity: the data descriptors it
#: defines (`args`, `__cause__`, `__context__`, `__traceback__`, `__suppress_context__` on
#: BaseException; `exceptions` and `message` on BaseExceptionGroup; `errno` ... on OSError; read at
#: import), `__notes__` (an instance attribute, which a property would intercept) and the hooks of
#: attribute lookup itself. (Not `__class__`: what an exception is, the checks ask `type()`.)
_LOOKUP = frozenset({"__notes__", "__getattribute__", "__getattr__"})
_BUILTIN_PARTS = {identity(kind): frozenset(name for name, value in vars(kind).items() if hasattr(type(value), "__set__")
                                            and name not in ("__dict__", "__weakref__", "__class__")) | _LOOKUP
                  for kind in (object, *_builtin_exception_types())}
_mro_of = type.__dict__["__mro__"].__get__
_namespace_of = type.__dict__["__dict__"].__get__
_qualname_of = type.__dict__["__qualname__"].__get__


def _refuse_redefined_parts(kind: type, _bases=type.__dict__["__bases__"].__get__, _type=type,
                            _iter=iter, _list=list) -> None:
    """Raise InvariantBroken if a class `kind` looks attributes up in (its MRO as CPython keeps it,
    which a metaclass's `mro()` may have made up, and every class it was built from), other than
    the builtin exception types and object, defines a part of a builtin exception type among them
    (see `_BUILTIN_PARTS`), or names an attribute with a str of a subclass (whose `__eq__` the
    lookup would run). Reads each class's namespace through `type`'s own descriptors: no code of a
    solution's runs."""
    seen, stack, parts, own = set(), [*_mro_of(kind), kind], set(_LOOKUP), []
    while stack:
        cls = stack.pop()
        key = identity(cls)
        if key in seen:
            continue
        seen.add(key)
        if key in _BUILTIN_PARTS:
            parts |= _BUILTIN_PARTS[key]
            continue
        own.append(cls)
        stack.extend(_bases(cls))
    for cls in own:
        names = _list(_iter(_namespace_of(cls)))
        odd = [name for name in names if _type(name) is not str]
        found = odd[:1] or [name for name in names if name in parts]
        if found:
            what = f"`{found[0]}`" if not odd else "an attribute under a name of a str subclass"
            name = _qualname_of(cls)
            raise InvariantBroken(
                "an exception a check looks at is what Python's exception classes make it: a class of "
                "your code's may add to an exception, not redefine the parts the checks read",
                f"the class `{name if _type(name) is str else '?'}` redefines {what}")


def same(value: object, expected: object, _type=type, _len=len, _zip=zip, _all=all) -> bool:
    """Whether `value`, what a solution handed back (returned, appended, put), is `expected`, the
    test's own: exactly of its type and equal to it, container by container (a list, tuple, dict,
    set or frozenset of the same exact class, item by item), a plain int, float, complex, str,
    bytes, bool or None by the builtin's own `==`, and any other object of the test's only as that
    very object (`is`). `value == expected` runs the `__eq__` of the solution's object when it is on
    the left (or of a subclass of the test's class on either side), which can say True to anything:
    a consumer asked for 0 items returned an object equal to everything for `[]` (route
    `p04_zero_liar_eq`). Runs no code of a solution's."""
    kind = _type(expected)
    if identity(kind) in _PLAIN_KEYS:
        return _type(value) is kind and value == expected  # (both exactly builtins: their own `==`)
    if _type(value) is not kind:
        return value is expected
    if kind is list or kind is tuple:
        return _len(value) == _len(expected) and _all(same(v, e) for v, e in _zip(value, expected))
    if kind is dict:
        keys, want = list(value), list(expected)
        return (_all(identity(_type(k)) in _PLAIN_KEYS for k in keys) and _len(keys) == _len(want)
                and _all(k in expected and same(value[k], expected[k]) for k in keys))
    if kind is set or kind is frozenset:  # (items of the test's own plain types only: set's `==` hashes them)
        return (_all(identity(_type(item)) in _PLAIN_KEYS for item in value)
                and _all(identity(_type(item)) in _PLAIN_KEYS for item in expected) and value == expected)
    return value is expected


#: Types whose repr is the builtin's own when an object is exactly of that type (no code of a
#: solution's runs to make it).
_PLAIN = (int, bool, float, complex, str, bytes, type(None))
# Asked by identity: `kind in _PLAIN` compares a solution's class with each by `==`, its metaclass's
# `__eq__` (red-team pass 116 saw it run).
_PLAIN_KEYS = frozenset(map(identity, _PLAIN))
_type_name = type.__dict__["__name__"].__get__  # a class's own name, whatever its metaclass says
_args_of = BaseException.__dict__["args"].__get__


def shown(obj: object, _depth: int = 0, _type=type, _derives=derives_from, _repr=repr, _len=len) -> str:
    """`obj` as a failure message shows it, made without running any code of a solution's: the
    builtin repr of an exact int, float, str, bytes, bool or None (a long one cut short), an
    exact list, tuple, set, frozenset or dict shown item by item so, an exception as its class's
    name and its arguments, a class as its name, and anything else as `<ClassName object>`.
    `repr(obj)` would run the `__repr__` of a solution's class, which can change what a check
    reads next (route `p04_repr_reorders`), and `type(obj).__name__` a metaclass's property."""
    kind = _type(obj)
    if identity(kind) in _PLAIN_KEYS:
        try:
            text = _repr(obj)
        except ValueError:  # an int too long to print
            return "<a very long int>"
        return text if _len(text) <= 200 else text[:200] + "..."
    if _depth > 3:
        return "..."
    if kind is list or kind is tuple or kind is set or kind is frozenset:
        items = [shown(item, _depth + 1) for item in list(obj)[:20]] + (["..."] if _len(obj) > 20 else [])
        if kind is list:
            return "[" + ", ".join(items) + "]"
        if kind is tuple:
            return "(" + ", ".join(items) + ("," if _len(items) == 1 else "") + ")"
        body = ", ".join(items)
        if kind is set:
            return "{" + body + "}" if items else "set()"
        return f"frozenset({{{body}}})" if items else "frozenset()"
    if kind is dict:
        pairs = [f"{shown(key, _depth + 1)}: {shown(value, _depth + 1)}" for key, value in list(obj.items())[:20]]
        return "{" + ", ".join(pairs + (["..."] if _len(obj) > 20 else [])) + "}"
    if kind is Returned:
        return f"{shown(obj.value, _depth + 1)} (returned, not raised)"
    if _derives(kind, BaseException):
        return f"{_type_name(kind)}({', '.join(shown(arg, _depth + 1) for arg in _args_of(obj))})"
    if _derives(kind, type):
        return _type_name(obj)
    return f"<{_type_name(kind)} object>"


def outcome(task, _cancelled=asyncio.Future.cancelled, _exception=asyncio.Future.exception,
            _result=asyncio.Future.result) -> str:
    """How a finished task ended, for a failure message: "was cancelled", "raised <the exception>"
    or "returned <the result>", each shown by `shown` (no code of a solution's runs). Asked of
    asyncio.Future's own methods (a task class of a solution's may answer otherwise). Raises
    asyncio.InvalidStateError for a task not done."""
    if _cancelled(task):
        return "was cancelled"
    if _exception(task) is not None:
        return f"raised {shown(_exception(task))}"
    return f"returned {shown(_result(task))}"


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
                  _is_future=asyncio.isfuture, _getframe=sys._getframe) -> list:
    """Wait for every task to end; then, for each, in order: a `CancelledError` if it was
    cancelled, the exception it raised, or what it returned (an exception object it returned
    comes wrapped in `Returned`). Like `asyncio.gather(*tasks, return_exceptions=True)`,
    minus its blind spot (see the module docstring); each answer is asked of asyncio.Future's
    own methods, not of the task's class. Raises TypeError for anything but tasks (futures):
    a coroutine handed to gather becomes a task nobody can ask."""
    for task in tasks:
        if not _is_future(task):
            raise TypeError(f"settled() takes tasks, not {type(task).__name__}: wrap a coroutine in sim.spawn()")
    ledger = _trace.find_ledger(_getframe())
    begun, ledger = (ledger.now if ledger is not None else None), None
    await _gather(*tasks, return_exceptions=True)
    if begun is not None:  # (in a run: a gather returning late, its children's callbacks taken away, fails it)
        returned_late(_trace.find_ledger(_getframe()), tasks, begun, "settled(...)")
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
