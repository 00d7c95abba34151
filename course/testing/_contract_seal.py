"""The objects a test makes of a contract class call the class's own coroutine methods, at every
moment, not only when the checks look.

Side: loaded in a check process before any student code runs; used by `_names.Contracted` (what
a test cell's name for a contract class stands for there) and by the guard's audit hook.

The contract (CURRICULUM.md) names some methods coroutine functions: `AsyncRWLock.release_read`,
`AsyncPriorityQueue.get`... `_names.broken_contract` checks an object when a test makes it and
when the test cell ends; red-team pass 49 dodged both moments, with an object that carried plain
defs of its own under those names only while it was held (an instance's `__dict__` comes before
its class's functions), and a class can swap its own entries and put them back just as well.

So an object a test makes is given a *sealed class* (`sealer`): a subclass of the student's class
made for it, holding each contract method as a `ContractMethod`, a data descriptor, which Python
consults before the object's `__dict__`; it gives the student's own `async def`, as the class had
it when first sealed, whatever the student's class holds later. The sealed class's metaclass (a
subclass of the student's, made with it) holds a `ClassContractMethod` under each of those names
and a `ClassLookup` under `__getattribute__`, which refuse assignment: `Sealed.get = ...`,
`type.__setattr__(Sealed, ...)` and `Sealed.__getattribute__ = ...` all raise AttributeError.
Class attributes of other names stay writable (`type(self).count += 1`, a buggy solution's
shared flag, behaves as before). What a metaclass cannot refuse is seen: a change to the
metaclass's own namespace (its dict's version tag, `_versions`) or to the sealed class's
`__mro__` (a new tuple whenever bases change) makes the object's contract broken, at its next
moment, even if put back; and `__class__` changes of a sealed class's object, or of the sealed
class, fail the run (the guard's audit hook: `sealed_by_contract`).

Objects a solution makes itself stay of its own class: only what the tests call is sealed.
"""

from __future__ import annotations

import gc
import types
from typing import Any

from . import _versions

__all__ = ["ContractMethod", "ClassContractMethod", "ClassLookup", "sealer", "seal_object", "intact", "is_record",
           "sealed_by_contract", "class_entry", "mro_of", "namespace_of"]

_type_getattribute = type.__dict__["__getattribute__"]
_object_getattribute = object.__dict__["__getattribute__"]
_set_class = object.__dict__["__class__"].__set__
# type's own descriptors: no metaclass answers for them (also what _names reads classes through)
mro_of = type.__dict__["__mro__"].__get__
namespace_of = type.__dict__["__dict__"].__get__
_type_new = type.__new__
_type_mro = type.__dict__["mro"]
_get_referents = gc.get_referents
# Read through type's own descriptors: a metaclass of a solution's cannot answer for them.
_name_of, _qualname_of = type.__dict__["__name__"].__get__, type.__dict__["__qualname__"].__get__
_module_of = type.__dict__["__module__"].__get__


def _named(entry: object) -> str:
    function = entry.__func__ if type(entry) in (staticmethod, classmethod) else entry
    name = function.__name__ if type(function) is types.FunctionType else None
    return name if type(name) is str else "this method"


class ContractMethod(property):
    """A contract method in a sealed class (see the module docstring): `obj.name` is what the
    class's own entry `fget` gives (a bound method; a static or class method's function), and
    `obj.name = ...` or `del obj.name` raises AttributeError. `fget` is read-only (a property's
    own member: an entry in the descriptor's `__dict__`, which `property` needs for its `__doc__`,
    is never read for it)."""

    def __get__(self, obj: object, cls: type | None = None) -> Any:
        entry = self.fget
        return type(entry).__get__(entry, obj, cls)

    def __set__(self, obj: object, value: object) -> None:
        raise AttributeError(f"`{_named(self.fget)}` is the class's own coroutine method: the checks call it as "
                             "the class defines it, and an object cannot replace it (keep what changes in "
                             "other attributes)")

    def __delete__(self, obj: object) -> None:
        self.__set__(obj, None)


class ClassContractMethod(property):
    """A contract method in a sealed class's metaclass: `Sealed.name` is what the class's own entry
    gives the class (the function), and `Sealed.name = ...`, however it is done, raises
    AttributeError."""

    def __get__(self, cls: object, meta: type | None = None) -> Any:
        entry = self.fget
        return type(entry).__get__(entry, None, cls) if cls is not None else self

    def __set__(self, cls: object, value: object) -> None:
        raise AttributeError(f"`{_named(self.fget)}` is the class's own coroutine method: the checks call it as "
                             "the solution cell defined it, and it cannot be replaced while they run")

    def __delete__(self, cls: object) -> None:
        self.__set__(cls, None)


class ClassLookup:
    """`__getattribute__` in a sealed class's metaclass: looking an attribute up on the sealed class
    is `type`'s own lookup, and `Sealed.__getattribute__ = ...` (which would decide what an object's
    lookups find) raises AttributeError."""

    __slots__ = ()

    def __get__(self, cls: object, meta: type | None = None) -> Any:
        return _type_getattribute.__get__(cls, meta) if cls is not None else _type_getattribute

    def __set__(self, cls: object, value: object) -> None:
        raise AttributeError("how an object of a contract class finds its methods cannot be changed while the "
                             "checks run: the checks call the class's own coroutine methods")

    def __delete__(self, cls: object) -> None:
        self.__set__(cls, None)


def sealed_by_contract(cls: object) -> bool:
    """Whether `cls`'s own namespace holds a contract method as the checks sealed it (a sealed class,
    or its metaclass). For the guard's audit hook: reads through `type`'s own descriptor, runs no
    code of a solution's (identity of types only)."""
    try:
        values = namespace_of(cls).values()
    except TypeError:
        return False
    for value in values:
        if type(value) is ContractMethod or type(value) is ClassContractMethod:
            return True
    return False


def _dict_behind(cls: type) -> dict:
    """The dict behind a class's mappingproxy (the one its attributes live in)."""
    for referent in _get_referents(namespace_of(cls)):
        if type(referent) is dict:
            return referent
    raise TypeError(f"{cls!r} has no namespace dict")


def class_entry(cls: object, name: str) -> object:
    """`name` where attribute lookup on the class finds it: the entry of the first class of its
    `__mro__` whose own namespace holds it (None if none does, or `cls` is no class), read
    through `type`'s own descriptors. Not `inspect.getattr_static`, which takes a class whose
    metaclass defines `__dict__` for one to skip, and looks in the metaclass instead (red-team
    pass 46: async decoys there, plain defs in the class)."""
    try:
        mro = mro_of(cls)
    except TypeError:
        return None
    for owner in mro:
        # Walked, not looked up: a lookup compares the keys of the same hash, and a key of a
        # solution's (a str subclass) runs its own __eq__ there (red-team pass 48 put the async
        # defs back from one, during the check). Compared only when exactly a str.
        for key, value in namespace_of(owner).items():
            if type(key) is str and key == name:
                return value
    return None


def _make_sealed(cls: type, methods: tuple[str, ...]) -> tuple:
    """(the sealed class for `cls`, its metaclass, the metaclass's dict, that dict's tag views, their
    tags now, the sealed class's `__mro__` tuple)."""
    meta = type(cls)
    entries = {method: class_entry(cls, method) for method in methods}
    meta_namespace: dict[str, Any] = {method: ClassContractMethod(entry) for method, entry in entries.items()}
    # `mro` of type's own: an inherited `mro()` of a solution's metaclass could put the student's
    # class before the sealed one (it is called again whenever a base's bases change).
    meta_namespace.update(__getattribute__=ClassLookup(), mro=_type_mro, __module__=_module_of(meta),
                          __qualname__=_qualname_of(meta))
    sealed_meta = _type_new(type(meta), _name_of(meta), (meta,), meta_namespace)
    namespace: dict[str, Any] = {method: ContractMethod(entry) for method, entry in entries.items()}
    namespace.update(__getattribute__=_object_getattribute, __slots__=(), __module__=_module_of(cls),
                     __qualname__=_qualname_of(cls))
    # type.__new__ itself: a solution's metaclass `__new__`/`__init__` do not run (the class's
    # `__init_subclass__` does, as for any subclass).
    sealed = _type_new(sealed_meta, _name_of(cls), (cls,), namespace)
    meta_dict = _dict_behind(sealed_meta)
    tag_views = _versions.views([meta_dict])
    return (sealed, sealed_meta, meta_dict, tag_views,
            _versions.read(tag_views) if tag_views is not None else None, mro_of(sealed))


def sealer() -> Any:
    """A generator, primed with `next`: `send((cls, methods))` hands back the sealed class's record
    for the student's class `cls` (see `_make_sealed`), made at the first request and the same one
    after (so a class attribute set through `type(self)` is shared by every object, as it would be
    on `cls`); or the exception making it raised (a solution's `__init_subclass__`, say). Its table
    is held in its frame alone (the threat model leaves frames out): a solution reaching `send` can
    only ask for genuine sealed classes."""
    table: dict[int, tuple] = {}
    request = yield None
    while True:
        try:
            cls, methods = request
            found = table.get(id(cls))
            if found is None or found[0] is not cls:
                found = (cls, _make_sealed(cls, methods))
                table[id(cls)] = found
            answer: Any = found[1]
        except Exception as exc:
            answer = exc
        request = yield answer


def is_record(record: object) -> bool:
    """Whether `record` has the shape of a record `sealer` makes (what a solution hands the checks'
    `kept` record is skipped unless it does; a genuine one always does)."""
    if type(record) is not tuple or len(record) != 6:
        return False
    sealed, sealed_meta, meta_dict, tag_views, tags, mro = record
    return (type(meta_dict) is dict and type(mro) is tuple and type(sealed) is sealed_meta
            and sealed_by_contract(sealed_meta) and (tag_views is None or (
                type(tag_views) is list and type(tags) is list
                and all(type(view) is _versions.VIEW for view in tag_views))))


def seal_object(obj: object, record: tuple) -> None:
    """Give `obj` (of the student's class, as the class made it) the sealed class of `record`.
    TypeError if the class's layout does not allow it (then the object is not sealed)."""
    _set_class(obj, record[0])


def intact(obj: object, record: tuple) -> str | None:
    """Why `obj` no longer calls the contract's methods as sealed (`record`, from `sealer`), or None:
    it is of the sealed class still, the class's metaclass is, the metaclass's namespace has not
    changed since it was made (not even and put back), and the sealed class still comes first in
    its own `__mro__`, the same tuple (bases never changed)."""
    sealed, sealed_meta, meta_dict, tag_views, tags, mro = record
    if type(obj) is not sealed or type(sealed) is not sealed_meta:
        return "an object the tests made of it was given another class while the checks ran"
    if tag_views is not None and _versions.read(tag_views) != tags:
        return "the metaclass of the class the tests' objects have was changed while the checks ran"
    if mro_of(sealed) is not mro or mro[0] is not sealed:
        return "the bases of the class the tests' objects have were changed while the checks ran"
    return None
