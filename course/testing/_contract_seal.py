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
moment, even if put back; and a `__class__` or `__bases__` change of a sealed class's object, of
the sealed class or of its descriptors is refused (the guard's audit hook: `sealed_by_contract`).
The solution's code that runs while the two classes are made (the class's `__init_subclass__`,
its metaclass's) runs before anything is recorded, and what it left is checked first: each
contract name in both namespaces must be the very descriptor the seal put there (`intact` checks
it again at each moment).

Objects a solution makes itself stay of its own class: only what the tests call is sealed.
"""

from __future__ import annotations

import gc
import types
from typing import Any

from . import _versions
from ._descriptors import FixedMethod

__all__ = ["ContractMethod", "ClassContractMethod", "ClassLookup", "sealer", "seal_object", "intact", "is_record",
           "sealed_names", "sealed_by_contract", "class_entry", "mro_of", "namespace_of"]

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
# A sealed descriptor's entry, read as its tuple's own item (not through `fget`, a class attribute).
_item = tuple.__getitem__


def _named(entry: object) -> str:
    function = entry.__func__ if type(entry) in (staticmethod, classmethod) else entry
    name = function.__name__ if type(function) is types.FunctionType else None
    return name if type(name) is str else "this method"


class ContractMethod(FixedMethod):
    """A contract method in a sealed class (see the module docstring): `obj.name` is what the
    class's own entry `fget` gives (a bound method; a static or class method's function), and
    `obj.name = ...` or `del obj.name` raises AttributeError. A tuple (`_descriptors`), whose
    `fget` nothing can change: as a `property`, `property.__init__(descriptor, plain_def)` gave it
    another getter in place (route `p09_property_reinit`)."""

    __slots__ = ()

    def __get__(self, obj: object, cls: type | None = None) -> Any:
        entry = _item(self, 0)
        return type(entry).__get__(entry, obj, cls)

    def __set__(self, obj: object, value: object) -> None:
        raise AttributeError(f"`{_named(_item(self, 0))}` is the class's own coroutine method: the checks call it as "
                             "the class defines it, and an object cannot replace it (keep what changes in "
                             "other attributes)")

    def __delete__(self, obj: object) -> None:
        self.__set__(obj, None)


class ClassContractMethod(FixedMethod):
    """A contract method in a sealed class's metaclass: `Sealed.name` is what the class's own entry
    gives the class (the function), and `Sealed.name = ...`, however it is done, raises
    AttributeError. (A tuple, as `ContractMethod`.)"""

    __slots__ = ()

    def __get__(self, cls: object, meta: type | None = None) -> Any:
        entry = _item(self, 0)
        return type(entry).__get__(entry, None, cls) if cls is not None else self

    def __set__(self, cls: object, value: object) -> None:
        raise AttributeError(f"`{_named(_item(self, 0))}` is the class's own coroutine method: the checks call it as "
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


def _own_entries(cls: type) -> dict | None:
    """`cls`'s own namespace as a plain dict, or None if a key in it is not exactly a str (a key of a
    solution's could answer a lookup with its own `__eq__`)."""
    own = {}
    for key, value in namespace_of(cls).items():
        if type(key) is not str:
            return None
        own[key] = value
    return own


def _as_made(sealed: type, sealed_meta: type, cls: type, meta: type, entries: tuple, lookup: object) -> str | None:
    """Why the sealed class and its metaclass are no longer as `_make_sealed` made them, or None:
    each contract name in either namespace is the very descriptor the seal put there (by identity,
    of exact type), the lookups are type's and object's own, and each class comes first in its own
    `__mro__`, before the class it was made from."""
    own, meta_own = _own_entries(sealed), _own_entries(sealed_meta)
    if own is None or meta_own is None:
        return "a name in it is not a plain string"
    for name, method, class_method in entries:
        if (own.get(name) is not method or type(method) is not ContractMethod
                or meta_own.get(name) is not class_method or type(class_method) is not ClassContractMethod):
            return f"its `{name}` is not the one the checks sealed"
    if (own.get("__getattribute__") is not _object_getattribute or meta_own.get("__getattribute__") is not lookup
            or type(lookup) is not ClassLookup or meta_own.get("mro") is not _type_mro):
        return "how its attributes are found is not what the checks made"
    if type(sealed) is not sealed_meta:
        return "it was given another metaclass"
    mro, meta_mro = mro_of(sealed), mro_of(sealed_meta)
    if (len(mro) < 2 or mro[0] is not sealed or mro[1] is not cls
            or len(meta_mro) < 2 or meta_mro[0] is not sealed_meta or meta_mro[1] is not meta):
        return "its bases are not what the checks made"
    return None


def _make_sealed(cls: type, methods: tuple[str, ...]) -> tuple:
    """(the sealed class for `cls`, its metaclass, the metaclass's dict, that dict's tag views, their
    tags now, the sealed class's `__mro__` tuple, and ((name, its ContractMethod, its
    ClassContractMethod) for each of `methods`)). TypeError if a solution's code that runs while
    they are made (the class's `__init_subclass__`, its metaclass's) left them otherwise."""
    meta = type(cls)
    entries = {method: class_entry(cls, method) for method in methods}
    meta_namespace: dict[str, Any] = {method: ClassContractMethod(entry) for method, entry in entries.items()}
    lookup = ClassLookup()
    # `mro` of type's own: an inherited `mro()` of a solution's metaclass could put the student's
    # class before the sealed one (it is called again whenever a base's bases change).
    meta_namespace.update(__getattribute__=lookup, mro=_type_mro, __module__=_module_of(meta),
                          __qualname__=_qualname_of(meta))
    # type.__new__ itself: a solution's metaclass `__new__`/`__init__` do not run (the metaclass's
    # `__init_subclass__` does, as for any subclass).
    sealed_meta = _type_new(type(meta), _name_of(meta), (meta,), meta_namespace)
    namespace: dict[str, Any] = {method: ContractMethod(entry) for method, entry in entries.items()}
    # (type.__new__ copies both namespaces: these dicts stay as made, to compare the classes with)
    made = tuple((method, namespace[method], meta_namespace[method]) for method in methods)
    namespace.update(__getattribute__=_object_getattribute, __slots__=(), __module__=_module_of(cls),
                     __qualname__=_qualname_of(cls))
    # The class's `__init_subclass__` runs in here, with the sealed class (red-team pass 55 took the
    # metaclass's refusing descriptors off and put plain defs in the sealed class's namespace:
    # p09_init_subclass_unseal). So what is recorded is taken only after every solution's code that
    # runs while making them has run, and only once both are found exactly as made.
    sealed = _type_new(sealed_meta, _name_of(cls), (cls,), namespace)
    why = _as_made(sealed, sealed_meta, cls, meta, made, lookup)
    if why is not None:
        raise TypeError(f"the subclass the checks made of {_qualname_of(cls)} was changed while it was made "
                        f"(by its `__init_subclass__`, or its metaclass's): {why}")
    meta_dict = _dict_behind(sealed_meta)
    tag_views = _versions.views([meta_dict])
    return (sealed, sealed_meta, meta_dict, tag_views,
            _versions.read(tag_views) if tag_views is not None else None, mro_of(sealed), made)


def sealer() -> Any:
    """A generator, primed with `next`: `send((cls, methods))` hands back the sealed class's record
    for the student's class `cls` with `methods` (a tuple of str) sealed (see `_make_sealed`), made at
    the first request and the same one after (so a class attribute set through `type(self)` is
    shared by every object, as it would be on `cls`); or the exception making it raised (a
    solution's `__init_subclass__`, say). Its table is held in its frame alone (the threat model
    leaves frames out), keyed by the class and the very methods asked for: a solution can reach
    `send` (whatever holds it can be reached), and can then only ask for genuine sealed classes,
    none of which stands for another request (red-team pass 55 asked first for the class with one
    method sealed, which every object the tests made was then given: p09_sealer_fewer_methods)."""
    table: dict[tuple, tuple] = {}
    request = yield None
    while True:
        try:
            if type(request) is not tuple or len(request) != 2:
                raise TypeError("the sealer is asked for (a class, a tuple of method names)")
            cls, methods = request
            if type(methods) is not tuple or not all(type(method) is str for method in methods):
                raise TypeError("the methods to seal are named by plain strings, in a tuple")
            key = (id(cls), methods)  # (exact strs: comparing the key runs no code of a solution's)
            found = table.get(key)
            if found is None or found[0] is not cls:
                found = (cls, _make_sealed(cls, methods))
                table[key] = found
            answer: Any = found[1]
        except Exception as exc:
            answer = exc
        request = yield answer


def is_record(record: object) -> bool:
    """Whether `record` has the shape of a record `sealer` makes (what a solution hands the checks'
    `kept` record is skipped unless it does; a genuine one always does)."""
    if type(record) is not tuple or len(record) != 7:
        return False
    sealed, sealed_meta, meta_dict, tag_views, tags, mro, entries = record
    return (type(meta_dict) is dict and type(mro) is tuple and type(sealed) is sealed_meta
            and sealed_by_contract(sealed_meta) and (tag_views is None or (
                type(tag_views) is list and type(tags) is list
                and all(type(view) is _versions.VIEW for view in tag_views)))
            and type(entries) is tuple and all(type(entry) is tuple and len(entry) == 3 for entry in entries))


def sealed_names(record: tuple) -> tuple:
    """The names of the methods `record` (from `sealer`) seals, in the order they were asked for."""
    return tuple(entry[0] for entry in record[6])


def seal_object(obj: object, record: tuple) -> None:
    """Give `obj` (of the student's class, as the class made it) the sealed class of `record`.
    TypeError if the class's layout does not allow it (then the object is not sealed)."""
    _set_class(obj, record[0])


def intact(obj: object, record: tuple) -> str | None:
    """Why `obj` no longer calls the contract's methods as sealed (`record`, from `sealer`), or None:
    it is of the sealed class still, the class's metaclass is, the metaclass's namespace has not
    changed since it was made (not even and put back), each contract name in the sealed class's
    and the metaclass's namespace is the descriptor the seal put there, and the sealed class still
    comes first in its own `__mro__`, the same tuple (bases never changed). (The sealed class's own
    namespace has no tag to compare: its attributes of other names stay writable, `type(self).count
    += 1`; its contract names cannot be assigned while the metaclass's descriptors refuse it.)"""
    sealed, sealed_meta, meta_dict, tag_views, tags, mro, entries = record
    if type(obj) is not sealed or type(sealed) is not sealed_meta:
        return "an object the tests made of it was given another class while the checks ran"
    if tag_views is not None and _versions.read(tag_views) != tags:
        return "the metaclass of the class the tests' objects have was changed while the checks ran"
    if mro_of(sealed) is not mro or mro[0] is not sealed:
        return "the bases of the class the tests' objects have were changed while the checks ran"
    own, meta_own = _own_entries(sealed), _own_entries(sealed_meta)
    if own is None or meta_own is None or not all(
            own.get(name) is method and type(method) is ContractMethod and meta_own.get(name) is class_method
            and type(class_method) is ClassContractMethod for name, method, class_method in entries):
        return "the methods the checks sealed in the class the tests' objects have were changed"
    return None
