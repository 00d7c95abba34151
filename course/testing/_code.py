"""Reading a function's or a coroutine's code object the way the guard allows (runs beside student
code, in a check process and in the kernel).

The guard's audit hook (`_guard`) refuses any read of a test's code object but by the tests'
own code, by this module's `code_of`, and by a few standard-library readers of their own
argument. The checks read code through `code_of`, which asks only the getter of the object's
exact type (functions, coroutines, generators and async generators are not subclassable): an
object of a solution's with a `__code__` property is never asked, so no code of a solution's
runs inside the read, where it could read a test's code in the checks' name (red-team pass
48 did so through `inspect._has_code_flag`).
"""

from __future__ import annotations

import types

_KINDS = ((types.FunctionType, "__code__"), (types.CoroutineType, "cr_code"), (types.GeneratorType, "gi_code"),
          (types.AsyncGeneratorType, "ag_code"))
#: Each kind's own getter of its code, by type (for `code_of`) and by attribute name (for the guard's
#: hook, which is told the name read). Capitalised: the guard watches them as the checks' constants.
CODE_GETTERS = {kind: getattr(kind, name).__get__ for kind, name in _KINDS}
CODE_GETTERS_BY_NAME = {name: getattr(kind, name).__get__ for kind, name in _KINDS}


def code_of(obj: object) -> types.CodeType | None:
    """The code object of a function, coroutine, generator or async generator; None for any
    other object (nothing of it is asked)."""
    getter = CODE_GETTERS.get(type(obj))
    return getter(obj) if getter is not None else None
