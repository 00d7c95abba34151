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


_mro = type.__dict__["__mro__"].__get__


def derives_from(kind: type, base: type) -> bool:
    """Whether `base` is in `kind`'s MRO, that very class (by identity). `base in kind.__mro__`
    compares it with each entry by `==`, which for a class of a solution's asks its metaclass,
    a solution's code, handed `base` at a moment of the checks' choosing (red-team pass 85: at the
    start of every sweep); `__mro__` is read through `type`'s own descriptor."""
    return identity(base) in map(identity, _mro(kind))


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
