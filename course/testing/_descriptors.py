"""Descriptors whose state nothing can change in place, for the checks' own classes.

Side: loaded wherever the checks are (in a check process, beside student code).

Python's own descriptor types keep what they stand for where any code can rewrite it, in the
very object: `property.__init__(p, other_getter)` gives a property already in a class another
getter, `staticmethod.__init__(s, f)` and `classmethod.__init__(c, f)` another function,
`functools.partial.__setstate__` another function and arguments. No audit event is raised and
no dict's version tag moves, and the class still holds the same object, so the guard (which
holds a class's entries to the snapshot by identity) saw nothing: a solution re-initialized the
checks' `Simulation.tolerance` and the sealed contract methods (`_contract_seal.ContractMethod`,
then a `property`) in place. The checks' classes hold these instead: tuples of one or two items,
read with `tuple`'s own `__getitem__`. A tuple's items cannot change (`tuple.__init__` is
`object`'s), and with `__slots__ = ()` nothing else is kept on one.
(`course/tests/test_fixed_descriptors.py` holds every class of the checks to them.)
"""

from __future__ import annotations

import functools
import types
from typing import Any

__all__ = ["FixedDescriptor", "FixedProperty", "FixedMethod", "FixedStaticMethod", "FixedClassMethod",
           "FIXED_TYPES", "REINITIALISABLE", "functions_in"]

_item = tuple.__getitem__
_new = tuple.__new__
_MethodType = types.MethodType
# Read through type's own descriptor: no metaclass of a solution's answers for a message's class name.
_name_of = type.__dict__["__name__"].__get__


class _Item(tuple):
    """`d.fget`, `d.fset`, `d.__func__` of a descriptor below: its tuple's item at the index this
    holds (read-only, as a property's `fget` and a static method's `__func__` are)."""

    __slots__ = ()

    def __get__(self, obj: object, cls: type | None = None) -> Any:
        return self if obj is None else _item(obj, _item(self, 0))


class FixedDescriptor(tuple):
    """The base of the descriptors below: a tuple whose first item is the function it stands for."""

    __slots__ = ()

    def __repr__(self) -> str:
        return f"<{_name_of(type(self))} of {_item(self, 0)!r}>"


class FixedStaticMethod(FixedDescriptor):
    """`@staticmethod`: `obj.name` and `Class.name` are the function itself (`__func__`)."""

    __slots__ = ()
    __func__ = _Item((0,))

    def __get__(self, obj: object, cls: type | None = None) -> Any:
        return _item(self, 0)

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return _item(self, 0)(*args, **kwargs)


def _static(function: Any) -> FixedStaticMethod:
    """`function` as a `FixedStaticMethod` (what a class's `__new__` is here: Python makes a plain
    `def __new__` a `staticmethod`, which `staticmethod.__init__` could give another function)."""
    return _new(FixedStaticMethod, (function,))


def _new_one(cls: type, function: Any) -> Any:
    return _new(cls, (function,))


def _new_property(cls: type, fget: Any, fset: Any = None, name: str | None = None) -> Any:
    return _new(cls, (fget, fset, name if name is not None else fget.__name__))


type.__setattr__(FixedStaticMethod, "__new__", _static(_new_one))


class FixedProperty(FixedDescriptor):
    """`@property`: `obj.name` is `fget(obj)`, `Class.name` the descriptor, `obj.name = value` is
    `fset(obj, value)` (`@name.setter`), and with no setter, or on `del obj.name`, AttributeError with
    `property`'s own message. `FixedProperty(fget, name=...)` for a getter with no `__name__`
    (`operator.itemgetter(0)`). `__doc__` is the getter's."""

    __slots__ = ()
    fget = _Item((0,))
    fset = _Item((1,))

    __new__ = _static(_new_property)

    def setter(self, fset: Any) -> "FixedProperty":
        return FixedProperty(_item(self, 0), fset, _item(self, 2))

    def __get__(self, obj: object, cls: type | None = None) -> Any:
        return self if obj is None else _item(self, 0)(obj)

    def __set__(self, obj: object, value: object) -> None:
        fset = _item(self, 1)
        if fset is None:
            raise AttributeError(f"property {_item(self, 2)!r} of {_name_of(type(obj))!r} object has no setter")
        fset(obj, value)

    def __delete__(self, obj: object) -> None:
        raise AttributeError(f"property {_item(self, 2)!r} of {_name_of(type(obj))!r} object has no deleter")



class _Doc(tuple):
    """`FixedProperty`'s `__doc__`: its getter's, as a property's is (pydoc shows it); on the class, the
    class's own docstring, which this holds."""

    __slots__ = ()

    def __get__(self, obj: object, cls: type | None = None) -> Any:
        return _item(self, 0) if obj is None else getattr(_item(obj, 0), "__doc__", None)


type.__setattr__(FixedProperty, "__doc__", _Doc((FixedProperty.__doc__,)))


class FixedMethod(FixedDescriptor):
    """A method as a data descriptor: `obj.name` is the bound method, `Class.name` the function,
    and `obj.name = ...` or `del obj.name` raises AttributeError (as a property with no setter
    does), so no instance attribute can shadow it. `fget` is the function."""

    __slots__ = ()
    fget = _Item((0,))

    __new__ = _static(_new_one)

    def __get__(self, obj: object, cls: type | None = None) -> Any:
        function = _item(self, 0)
        return function if obj is None else _MethodType(function, obj)

    def __set__(self, obj: object, value: object) -> None:
        raise AttributeError(f"property {_method_name(self)!r} of {_name_of(type(obj))!r} object has no setter")

    def __delete__(self, obj: object) -> None:
        raise AttributeError(f"property {_method_name(self)!r} of {_name_of(type(obj))!r} object has no deleter")


def _method_name(method: FixedMethod) -> str:
    name = getattr(_item(method, 0), "__name__", None)
    return name if type(name) is str else "?"


class FixedClassMethod(FixedDescriptor):
    """`@classmethod`: `obj.name` and `Class.name` are the function bound to the class (`__func__`)."""

    __slots__ = ()
    __func__ = _Item((0,))

    __new__ = _static(_new_one)

    def __get__(self, obj: object, cls: type | None = None) -> Any:
        return _MethodType(_item(self, 0), cls if cls is not None else type(obj))


#: Every type of descriptor defined here, the parts the classes above read their items through
#: (`fget`, `__func__`, `__doc__`) included: what the guard watches in a class's namespace as code.
FIXED_TYPES = (FixedDescriptor, _Item, _Doc)

#: The built-in descriptor and wrapper types whose state a call of one of their own methods changes
#: in place (`__init__`, `__setstate__`, `__set_name__`); subclasses are as open.
REINITIALISABLE = (property, staticmethod, classmethod, functools.partial, functools.partialmethod,
                   functools.cached_property)


def functions_in(value: object) -> list:
    """The callables a descriptor stands for (a property's getter, setter and deleter; a static or
    class method's function; one of the descriptors above's), `[value]` for anything else."""
    if isinstance(value, FixedProperty):
        return [part for part in (_item(value, 0), _item(value, 1)) if part is not None]
    if isinstance(value, FixedDescriptor):
        return [_item(value, 0)]
    if isinstance(value, (staticmethod, classmethod)):
        return [value.__func__]
    if isinstance(value, property):
        return [part for part in (value.fget, value.fset, value.fdel) if part is not None]
    return [value]
