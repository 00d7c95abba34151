"""Record classes for the checks: `dataclasses`, minus the closure cells.

Side: loaded in the grading sandbox, beside student code (as every module of
`course.testing`); part of what the guard (`_guard`) watches.

`dataclasses` writes some of a class's methods with their helpers in closure
cells: the recursion guard of every `__repr__` (`reprlib.recursive_repr`), the
`object` a frozen class's `__init__` sets fields through, its
`FrozenInstanceError` and class, each `default_factory`. A closure cell has
no version tag: a solution can replace one and put it back between two looks
of the guard, unseen (red-team pass 45 made every `Handout` record a test
read say "healthy" through the cell of its `__init__`). So the checks' record
classes are dataclasses made with `repr=False`, neither `frozen` (`eq=True,
unsafe_hash=True` keeps them hashable by value, as frozen ones were) nor with
a `default_factory` (an `__init__` of their own instead), and take their
`__repr__` from here: a plain function, whose code and module the guard
watches. (`course/tests/test_closures.py` checks that no function the checks
hold has a closure cell.)
"""

from __future__ import annotations


def record_repr(self: object) -> str:
    """`ClassName(field=value, ...)`, as a dataclass's own `__repr__` writes it (fields in order:
    the class's `__match_args__`, which `dataclass` sets to the `__init__` fields)."""
    cls = type(self)
    fields = ", ".join(f"{name}={getattr(self, name)!r}" for name in cls.__match_args__)
    return f"{cls.__qualname__}({fields})"
