"""Checking that a solution defined the names the contract asks for."""

from __future__ import annotations

import inspect
import sys
from typing import Any

from ._failures import CheckFailed


class MissingName(CheckFailed):
    """A name the problem asks for is not defined, or is not what it should be."""

    title = "Not defined yet"


def defined(name: str, *, coroutine: bool = False, coroutine_methods: tuple[str, ...] = (),
            namespace: dict | None = None) -> Any:
    """Return the object `name` from the notebook's namespace, or fail saying what is missing.

    `coroutine=True` requires an `async def` function; `coroutine_methods`
    names methods of a class that must be `async def`.
    """
    ns = namespace if namespace is not None else vars(sys.modules["__main__"])
    if name not in ns:
        raise MissingName(f"`{name}` is not defined: write it in the solution cell and run that cell.")
    obj = ns[name]
    if coroutine and not inspect.iscoroutinefunction(obj):
        raise MissingName(f"`{name}` must be a coroutine function (defined with `async def`).")
    for method in coroutine_methods:
        if not inspect.iscoroutinefunction(getattr(obj, method, None)):
            raise MissingName(f"`{name}.{method}` must be a coroutine method (defined with `async def`).")
    return obj
