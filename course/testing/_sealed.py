"""Methods an instance attribute cannot shadow, for objects a check reads back.

Runs beside student code (the sandbox side), in a check process only. A check
hands a solution tasks, locks, events and queues, then asks them questions:
`task.done()`, `lock.locked()`, `event.is_set()`. Python finds a method on
the instance before the class, so a solution holding the object could answer
for it (`asyncio.current_task().cancelled = lambda: True`). Here each public
method of asyncio's primitives, of the loop and of the course's traced
primitives becomes a *data* descriptor, which Python consults before the
instance's `__dict__`: an assignment fails at once, and an entry written into
`__dict__` directly is never read. Tasks made on the checks' loop are
`SealedTask`s, the same for `asyncio.Task`'s methods (a C type, whose own
dictionary cannot change), and no class may derive from `SealedTask`, so
`task.__class__ = Liar` has nothing of ours to borrow. (Setting `__class__`
through `object`'s own descriptor, to a class of the same layout, is left to
the guard: see the README's known gaps.)

What a solution does to its *own* objects, or to the state inside ours
(`lock._locked = False` really frees the lock for asyncio too), is what its
code really does, and is judged as such.
"""

from __future__ import annotations

import asyncio
import types

__all__ = ["SealedTask", "seal", "seal_public_methods"]


class _Method(property):
    """A method as a data descriptor: `obj.name` is the bound method, `Class.name` the
    function, and `obj.name = ...` raises AttributeError. `fget` (read-only) is the function."""

    def __get__(self, obj, cls=None):
        return self.fget if obj is None else types.MethodType(self.fget, obj)


def _public_methods(cls: type) -> dict[str, object]:
    """Public callables `cls` defines itself (not data, not properties, not nested classes)."""
    return {name: value for name, value in vars(cls).items()
            if not name.startswith("_") and callable(value) and not isinstance(value, type)}


def seal_public_methods(cls: type) -> None:
    """Make each public method `cls` defines a `_Method` (see the module docstring)."""
    for name, function in _public_methods(cls).items():
        setattr(cls, name, _Method(function))


class SealedTask(asyncio.Task):
    """An asyncio.Task whose methods no instance attribute can shadow, and no class
    can derive from (so none can lend it other methods through `__class__`)."""

    def __init_subclass__(cls, **kwargs):
        raise TypeError("SealedTask cannot be subclassed: it is what the checks' tasks are")

    @property
    def __class__(self):
        return SealedTask


for _name in dir(asyncio.Task):
    if not _name.startswith("_") and callable(getattr(asyncio.Task, _name)):
        setattr(SealedTask, _name, _Method(getattr(asyncio.Task, _name)))
del _name


def seal() -> None:
    """In a check process, before any student code: seal the primitives' and the loop's methods
    and make the checks' loop create `SealedTask`s."""
    from . import _primitives
    from ._loop import VirtualTimeLoop
    primitives = (asyncio.Lock, asyncio.Semaphore, asyncio.BoundedSemaphore, asyncio.Event,
                  asyncio.Condition, asyncio.Queue, asyncio.PriorityQueue, asyncio.LifoQueue, asyncio.Barrier,
                  asyncio.base_events.BaseEventLoop, asyncio.AbstractEventLoop, VirtualTimeLoop)
    traced = tuple(value for value in vars(_primitives).values()
                   if isinstance(value, type) and value.__module__ == _primitives.__name__
                   and issubclass(value, _primitives.Traced))
    for cls in primitives + traced:
        seal_public_methods(cls)
    type.__setattr__(VirtualTimeLoop, "task_class", SealedTask)
