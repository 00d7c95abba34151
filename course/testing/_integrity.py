"""Judge student code in the real world, even if it patched that world.

Student code runs in the same process as the checks, so it can replace
`asyncio.sleep`, patch `asyncio.Lock.acquire`, or rebind this package's
functions. At import, this module snapshots what the checks rely on; each
check restores the snapshot for its duration (and puts the student's
replacements back afterwards, so their notebook keeps behaving as they
wrote it), and reports what it restored. The harness's own modules are
sealed: assigning to their attributes raises at once, with an explanation.

In scope: rebinding names in `asyncio` and `time`, patching methods of
asyncio's primitives, assigning to `course.testing` attributes. Out of
scope: deliberate attacks through ctypes, `gc` or frame objects, and
writing to module `__dict__`s directly; a determined student can break any
in-process harness, which is why grades are checked by an instructor who
can read the code.
"""

from __future__ import annotations

import asyncio
import sys
import time
import types
from typing import Any

_CLASSES = (asyncio.Lock, asyncio.Semaphore, asyncio.BoundedSemaphore, asyncio.Event,
            asyncio.Condition, asyncio.Queue, asyncio.PriorityQueue, asyncio.LifoQueue,
            asyncio.Barrier, asyncio.Future, asyncio.Task, asyncio.Timeout,
            # The checks' loop inherits its machinery (run_until_complete, call_soon, ...).
            asyncio.base_events.BaseEventLoop, asyncio.events.AbstractEventLoop, asyncio.events.Handle,
            asyncio.events.TimerHandle)


def _is_code(value: object) -> bool:
    # Functions, classes and method descriptors; not data such as time.tzname,
    # which the standard library itself replaces (time.tzset()).
    return callable(value) or isinstance(value, (staticmethod, classmethod, property))


def _snapshot() -> dict[tuple[object, str], Any]:
    snap: dict[tuple[object, str], Any] = {}
    for owner in (asyncio, asyncio.tasks, asyncio.locks, asyncio.queues, asyncio.timeouts, asyncio.events,
                  asyncio.base_events, time, *_CLASSES):
        for name, value in vars(owner).items():
            if not name.startswith("__") and _is_code(value):
                snap[(owner, name)] = value
    return snap


_ORIGINAL = _snapshot()
_MISSING = object()


def _label(owner: object, name: str) -> str:
    return f"{getattr(owner, '__name__', owner)}.{name}"


class real_world:
    """`with real_world() as restored:` restores the snapshot for the duration; `restored` names
    what was put back. (A class, not `contextlib.contextmanager`, whose wrapper keeps the
    generator function in a closure cell: see _records.)"""

    def __enter__(self) -> list[str]:
        self.changed: list[tuple[object, str, Any]] = []
        for (owner, name), original in _ORIGINAL.items():
            current = vars(owner).get(name, _MISSING)
            if current is not original:
                self.changed.append((owner, name, current))
                setattr(owner, name, original)
        return [_label(owner, name) for owner, name, _ in self.changed]

    def __exit__(self, *exc_info: object) -> None:
        for owner, name, current in self.changed:
            if current is _MISSING:
                delattr(owner, name)
            else:
                setattr(owner, name, current)


class _SealedModule(types.ModuleType):
    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(
            f"{self.__name__} is read-only: the checks must judge your code, not a modified "
            f"harness (your code tried to set {self.__name__}.{name}).")

    def __delattr__(self, name: str) -> None:
        self.__setattr__(name, None)


_MODULES = sys.modules  # (the interpreter's registry, whatever is later set at `sys.modules`)


def seal(package: str) -> None:
    """Make `package` and its loaded submodules refuse attribute assignment."""
    for name, module in list(_MODULES.items()):
        if module is not None and (name == package or name.startswith(package + ".")):
            if type(module) is types.ModuleType:
                module.__class__ = _SealedModule
