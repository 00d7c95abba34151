"""Identity keys for the harness's books, made without an audit event.

Side: loaded in a check process before any student code (and in the kernel,
where nothing audits). Keys only: nothing here decides a verdict.

`identity(obj) -> int` is `object.__hash__(obj)`: CPython's pointer hash
(`_Py_HashPointer`, the object's address rotated by 4 bits), whatever the
object's own class says its hash is. Like `id(obj)` it is unique among the
objects alive at one time and fixed for an object's life, so a dict keyed by
it is keyed by identity, as a dict keyed by `id()` is.

Why not `id()`: every call of `id()` raises the audit event "builtins.id",
and in a check process the guard's audit hook (`_guard`, a Python function)
runs for every event, ~0.15 us each; the harness keys its ledger by identity
(code objects, tasks, primitives) hundreds of thousands of times in a
problem's checks. Measured on P01's check process (reference solution): 2.0
million audit events before, 0.8 million with these keys and the ledger
keeper reading its caller's frame as `f_back` (`_trace`); its hidden tests
0.98 s before, 0.81 s after (`benchmarks/hidden_tests.py`, 2026-12-01).

Keys made with `identity` and with `id()` differ: a dict must be filled and
read with the same one. (`_guard` still reads an object's address with `id()`
where it means an address, for ctypes.)
"""

from __future__ import annotations

from typing import Callable

identity: Callable[[object], int] = object.__hash__


_bases = type.__dict__["__bases__"].__get__


def derives_from(kind: type, base: type, _bases=_bases, _identity=identity) -> bool:
    """Whether `kind` is `base` or inherits from it, that very class (by identity), through the
    bases its class statement gave it (`__bases__`, read through `type`'s own descriptor): what
    the object's layout was built from. Not `base in kind.__mro__`, which compares by `==` (for a
    class of a solution's, its metaclass's code, handed `base` at a moment of the checks' choosing:
    red-team pass 85), nor `kind.__mro__`, nor `issubclass`: a metaclass's `mro()` makes up the
    MRO CPython keeps, and a class of `Exception` whose MRO said `(cls, CancelledError, object)`,
    returned by a call the test cancelled, passed for that cancellation and for no exception at all
    (red-team pass 116, routes `p01_mro_fake_cancelled` ...). Raises TypeError if `kind` is not a
    class."""
    wanted, seen, stack = _identity(base), set(), [kind]
    while stack:
        cls = stack.pop()
        key = _identity(cls)
        if key == wanted:
            return True
        if key not in seen:
            seen.add(key)
            stack.extend(_bases(cls))
    return False


def remove_identical(items: list, item: object) -> None:
    """Remove `item` itself (the first entry that *is* it) from `items`; nothing if absent.

    `list.remove` compares entries with `==` until one matches, and `==` of an object of a
    solution's class (a Task subclass, a tuple holding its future) is that class's code, handed
    the checks' object it is compared with, at a moment of the checks' choosing (red-team pass 85).
    """
    for index, entry in enumerate(items):
        if entry is item:
            del items[index]
            return
