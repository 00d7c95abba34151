"""Checking that a solution defined the names the contract asks for, and advice when a
name is missing or is another problem's.

A notebook is one namespace: a problem's names are defined by its solution cell, and
two problems of one notebook may use the same name (P04 and P06 both define `producer`
and `consumer`), so the last solution cell run wins. After a kernel restart no
solution cell has run. `name_advice` and `call_advice` turn the NameError and the
TypeError those cause into what happened and what to do.
"""

from __future__ import annotations

import inspect
import re
import sys
import types
from typing import Any, Callable

from . import _contract_seal
from ._code import code_of
from ._failures import CheckFailed

_MODULES = sys.modules  # (the interpreter's registry, whatever is later set at `sys.modules`)


#: The names each problem's solution cell defines (CURRICULUM.md's fixed API), with the
#: number of positional arguments a caller passes to a function (the names two problems share).
SOLUTION_NAMES: dict[str, dict[str, tuple[int, ...]]] = {
    "P01": {"increment": (3,)},
    "P02": {"api_call": (3,)},
    "P03": {"worker": (1,), "initializer": (1,)},
    "P04": {"producer": (3,), "consumer": (3,)},
    "P05": {"TokenBucket": ()},
    "P06": {"producer": (2,), "consumer": (2,)},
    "P07": {"worker": (2, 3)},
    "P08": {"CircuitBreaker": (), "CircuitOpenError": ()},
    "P09": {"AsyncRWLock": ()},
    "P10": {"AsyncPriorityQueue": ()},
    "P11": {"HealthyPool": ()},
}


def _problems_defining(name: str) -> list[str]:
    return [problem for problem, names in SOLUTION_NAMES.items() if name in names]


def _one_of(problems: list[str]) -> str:
    return problems[0] if len(problems) == 1 else " or ".join(problems)


def name_advice(name: str) -> str | None:
    """What to do about `name` not being defined, if a solution cell defines it."""
    problems = _problems_defining(name)
    if not problems:
        return None
    return (f"`{name}` is defined by {_one_of(problems)}'s solution cell, which has not run since the kernel "
            "started (a restart forgets every name): run the solution cell (and the cells above it), "
            f"then this cell again. If you did, check that the cell defines `{name}`, spelled so.")


def _in_a_notebook() -> bool:
    """In a kernel, where cells share one namespace (a check process runs one problem alone)."""
    ipython = _MODULES.get("IPython")
    try:
        return ipython is not None and ipython.get_ipython() is not None
    except Exception:  # pragma: no cover
        return False


_CALL_ERROR = re.compile(r"^(?:.*\.)?(\w+)\(\) (?:takes|missing|got)")


def _arity(function: Any) -> tuple[int, int] | None:
    """(fewest, most) positional arguments `function` accepts."""
    try:
        parameters = inspect.signature(function).parameters.values()
    except (TypeError, ValueError):
        return None
    positional = [p for p in parameters if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    if any(p.kind is p.VAR_POSITIONAL for p in parameters):
        return len([p for p in positional if p.default is p.empty]), 10**6
    return len([p for p in positional if p.default is p.empty]), len(positional)


def _fits(arity: tuple[int, int] | None, counts: tuple[int, ...]) -> bool:
    return arity is not None and any(arity[0] <= n <= arity[1] for n in counts)


def call_advice(exc: BaseException, namespace: dict | None = None) -> str | None:
    """When a call failed with a TypeError because a shared name (`consumer`) now holds
    another problem's function (a later solution cell redefined it): what happened and
    what to do. None when that is not what happened."""
    if not isinstance(exc, TypeError) or not _in_a_notebook():
        return None
    match = _CALL_ERROR.match(str(exc))
    if match is None:
        return None
    name = match[1]
    problems = _problems_defining(name)
    if len(problems) < 2:
        return None
    ns = namespace if namespace is not None else student_namespace() or {}
    function = ns.get(name)
    arity = _arity(function) if function is not None else None
    owners = [p for p in problems if _fits(arity, SOLUTION_NAMES[p][name])]
    if len(owners) != 1:
        return None
    owner = owners[0]
    # The owner's other names too, from the same cell: that cell was the owner's solution.
    cell = getattr(getattr(function, "__code__", None), "co_filename", None)
    for other, counts in SOLUTION_NAMES[owner].items():
        value = ns.get(other)
        if other != name and (not _fits(_arity(value), counts)
                              or getattr(getattr(value, "__code__", None), "co_filename", None) != cell):
            return None
    checked = _one_of([p for p in problems if p != owner])
    shared = ", ".join(f"`{n}`" for n in SOLUTION_NAMES[owner] if n in SOLUTION_NAMES[checked.split()[0]])
    return (f"`{name}` now is {owner}'s: {owner}'s solution cell ran after {checked}'s and redefined "
            f"{shared} (one notebook, one namespace: the solution cell run last wins). To check "
            f"{checked} again, run {checked}'s solution cell again, then this cell.")


class MissingName(CheckFailed):
    """A name the problem asks for is not defined, or is not what it should be."""

    title = "Not defined yet"


#: The namespace the student's cells run in, in a check process (set by its main before any
#: student code runs: see `student_namespace`); None elsewhere.
_student: dict | None = None


def use_student_namespace(namespace: dict) -> None:
    """Called once by the check process's main, before any student code runs and before its guard
    is built (which then sees any later change to this module's globals)."""
    global _student
    _student = namespace


#: How the student's cells stopped when the check process ran them, each a sentence (see `note_stopped`):
#: a kernel ran the same cells, possibly without that error, so a name they did not define is explained.
_stopped: list[str] = []


def note_stopped(cell: str, line: int | None, error: str) -> None:
    """Note that the student's cell `cell` (named as in "cell `p01_solution`") raised `error` (its one-line
    text) at `line` of its own (None if unknown) when the check process ran it: what that cell binds
    after the line was never bound there, and `defined` says so. Called by the check process's main."""
    at = f"line {line} of " if line is not None else ""
    _stopped.append(f"when the checks ran your cells, {at}{cell} raised {error}, so nothing after it "
                    "was defined there")


def not_defined(name: str) -> str:
    """Why `name` is not defined, for a MissingName: the advice, and how the student's cells stopped
    in this check process, if one did (red-team pass 103: a correct cell calling `display(...)`, which a
    check process lacked, defined nothing after it, and every test said only "not defined")."""
    if _stopped:  # (the advice would be about the kernel: "run the solution cell", which the student did)
        return f"`{name}` is not defined: " + "; ".join(_stopped[:3]) + "."
    return name_advice(name) or f"`{name}` is not defined: write it in the solution cell and run that cell."


def student_namespace() -> dict | None:
    """The namespace the student's cells run in: in a check process, the one its main made, whatever
    a solution later puts at `sys.modules["__main__"]`; in a kernel, `__main__`'s."""
    if _student is not None:
        return _student
    return getattr(_MODULES.get("__main__"), "__dict__", None)


def defined(name: str, *, coroutine: bool = False, coroutine_methods: tuple[str, ...] = (),
            namespace: dict | None = None) -> Any:
    """Return the object `name` from the notebook's namespace, or fail saying what is missing.

    `coroutine=True` requires an `async def` function; `coroutine_methods`
    names methods of a class that must be `async def`.
    """
    ns = namespace if namespace is not None else student_namespace() or {}
    if not all(type(key) is str for key in ns):
        # A key of a solution's own could answer this lookup with its `__eq__`, and another one
        # the tests' (p09_lying_global_key).
        raise MissingName("a name in the solution's namespace is not a plain string (a `str` subclass, say): "
                          f"the tests cannot tell what `{name}` is")
    if name not in ns:
        raise MissingName(not_defined(name))
    obj = ns[name]
    why = not_a_class(name, obj)
    if why is not None:
        raise MissingName(why)
    if coroutine and not _written_async(obj):
        raise MissingName(f"`{name}` must be a coroutine function (defined with `async def`).")
    for method in coroutine_methods:
        # The class's own entry, not what looking it up answers: a descriptor could answer the
        # class with an `async def` stand-in and an instance with a plain def (red-team pass 45).
        # And the student's namespace as the check process made it, not whatever module is at
        # sys.modules["__main__"] (red-team pass 46: a module of stand-ins put there).
        if not _written_async(_class_entry(obj, method)):
            raise MissingName(f"`{name}.{method}` must be a coroutine method (defined with `async def`).")
    return obj


#: The names the contract makes classes (CURRICULUM.md: `class TokenBucket`, `class CircuitOpenError(RuntimeError)`,
#: ...), each with the class it must derive from.
CONTRACT_CLASSES: dict[str, type] = {
    "TokenBucket": object,
    "CircuitBreaker": object,
    "CircuitOpenError": RuntimeError,
    "AsyncRWLock": object,
    "AsyncPriorityQueue": object,
    "HealthyPool": object,
}


def not_a_class(name: str, value: object) -> str | None:
    """Why `value`, what a solution bound to `name`, is not the real class the contract names, or None
    (also for a name the contract does not make a class). Read from the real types (type's own `__mro__`),
    never from what an object says of itself: red-team pass 61 bound `CircuitOpenError` to a tuple subclass
    holding the real class and another one, with `__class__`, `__bases__`, `__mro_entries__` and `__call__`
    of its own, so that the tests' `except CircuitOpenError:` (a tuple catches any of its classes) caught a
    rejection of the wrong class (route p08_open_error_tuple). An exception class must be exactly of class
    `type` (a metaclass of its own could answer `isinstance` for it)."""
    base = CONTRACT_CLASSES.get(name)
    if base is None:
        return None
    kind = type(value)
    if type not in _mro_of(kind):
        return (f"`{name}` must be a class (defined with `class {name}:`), not a "
                f"{_contract_seal._qualname_of(kind)}")
    if base is not object and (kind is not type or base not in _mro_of(value)):
        return (f"`{name}` must be an exception class derived from {_contract_seal._qualname_of(base)} "
                f"(defined with `class {name}({_contract_seal._qualname_of(base)}):`), with no metaclass of its own")
    return None


_CO_COROUTINE = inspect.CO_COROUTINE  # bound at import: inspect's module constant can be rebound
_mro_of = _contract_seal.mro_of
_namespace_of = _contract_seal.namespace_of
_class_entry = _contract_seal.class_entry


def _odd_keys(obj: object, cls: type) -> bool:
    """Whether a namespace a lookup of `obj`'s attributes goes through (those of `cls`'s `__mro__`,
    and `obj`'s own `__dict__`, read through the class's genuine descriptor) holds a key that is not
    exactly a str, or the class has a `__dict__` of its own making: then looking a method up on
    `obj` could run a solution's code (a key's `__eq__`)."""
    for owner in _mro_of(cls):
        if any(type(key) is not str for key in _namespace_of(owner)):
            return True
    descriptor = _class_entry(cls, "__dict__")
    if descriptor is None:  # (__slots__: no instance dict)
        return False
    if type(descriptor) is not types.GetSetDescriptorType:
        return True
    return any(type(key) is not str for key in descriptor.__get__(obj))


def _written_async(value: object) -> bool:
    """Whether `value` is a function written with `async def` (a static or class method's too),
    read from its code's flags. Not `inspect.iscoroutinefunction`, which on Python 3.12+ also
    says yes for a plain def marked with `inspect.markcoroutinefunction`, or for a
    `functools.partial` of one, and no on 3.11: the same code would score differently."""
    if type(value) in (staticmethod, classmethod):
        value = value.__func__
    return type(value) is types.FunctionType and bool(code_of(value).co_flags & _CO_COROUTINE)


#: The classes whose methods the contract names coroutine functions (CURRICULUM.md: "a solution
#: must define it as one"), as their tests check them with `defined(..., coroutine_methods=...)`.
#: In a check process the tests' name for one stands for `Contracted` (see course.problem_process):
#: each instance a test makes is checked as well, when made and when the test cell ends.
CONTRACT_METHODS = {
    "CircuitBreaker": ("call",),
    "AsyncRWLock": ("acquire_read", "release_read", "acquire_write", "release_write"),
    "AsyncPriorityQueue": ("put", "get"),
    "HealthyPool": ("checkout", "checkin"),
}
_object_getattribute = object.__dict__["__getattribute__"]
_object_get = object.__getattribute__
_MethodType = types.MethodType


def broken_contract(obj: object, cls: type, name: str, methods: tuple[str, ...],
                    sealed: tuple | None = None) -> str | None:
    """Why `obj`, made by calling the student's class `cls` (the contract's `name`), is not an
    instance whose `methods` are the class's own `async def`s, as a test calling them gets them;
    None if it is. The class alone is not enough: red-team pass 47 had a class of `async def`
    stubs whose instances were of another class (`__new__`, or `self.__class__ = ...` in
    `__init__`), or carried plain defs of their own under those names. With `sealed` (the record
    of the sealed class `obj` was given: see `Contracted`), whether it still calls them so."""
    if sealed is not None:
        why = _contract_seal.intact(obj, sealed)
        return None if why is None else (f"`{name}`: {why}, so its methods are not simply the class's "
                                         "own coroutine methods")
    if type(obj) is not cls:
        return (f"`{name}(...)` made an object of another class ({type(obj).__qualname__}): the tests use what "
                f"the class makes, and its methods must be the class's own")
    if _class_entry(cls, "__getattribute__") is not _object_getattribute:
        return f"`{name}` defines its own __getattribute__, so its methods are not simply the class's"
    if _odd_keys(obj, cls):
        return (f"`{name}` or an object it made has an attribute named by something other than a plain string "
                "(or a `__dict__` of its own), so its methods are not simply the class's")
    for method in methods:
        entry = _class_entry(cls, method)
        function = entry.__func__ if type(entry) in (staticmethod, classmethod) else entry
        try:
            found = _object_get(obj, method)
        except AttributeError:
            found = None
        if not _written_async(entry) or not (found is function or (type(found) is _MethodType and found.__func__ is function)):
            return (f"`{name}.{method}`, as an object made by `{name}(...)` has it, is not the class's own "
                    f"coroutine method (defined with `async def`)")
    return None


def kept(drain: object) -> Any:
    """A generator that keeps what it is sent (`send(item)`), and on `send(drain)` hands back all
    it kept and forgets it (`drain`: an object only its maker holds). What it keeps is held in its
    frame alone, which the threat model leaves out: a solution reaching its `send` can add to it,
    not take anything out (red-team pass 49 drained it with `send(None)`, when that was the key)."""
    items: list = []
    request = yield None
    while True:
        if request is drain:
            handed, items = items, []
            request = yield handed
        else:
            items.append(request)
            request = yield None


def solution_names(pairs: Any, note: Callable[[Any], Any], seal: Callable[[Any], Any]) -> dict[str, tuple]:
    """What each name a solution cell defines (`SOLUTION_NAMES`, every problem's) stands for in the
    test cells, resolved once from the student's namespace as a cell of the student's left it
    (`pairs`: its (key, value) items), for `resolver`: (`_VALUE`, the value); for a contract class
    (`CONTRACT_METHODS`), (`_CONTRACT`, the class, the name, its contract methods, `note`, `seal`),
    a `Contracted`'s arguments; or (`_RAISE`, an exception class, its message), to raise at each
    use: KeyError (a NameError in the test) if the name is not defined, MissingName if it is filed
    under a key that is not exactly a str, or a name the contract makes a class (`CONTRACT_CLASSES`)
    is bound to no real class of the kind it names (`not_a_class`). Read by the
    check process's main (see course.problem_process): the tests' name does not follow what the
    solution's code binds later, and a lookup of it runs no code of a solution's (red-team pass 55
    filed `AsyncRWLock` under two str-subclass keys whose `__eq__` answered only outside, or only
    inside, a running loop: a class of async stubs for `defined`, a factory of unsealed objects for
    the scenarios: p09_lying_global_key)."""
    table: dict[str, tuple] = {}
    names = [name for names in SOLUTION_NAMES.values() for name in names]
    for name in (*names, *CONTRACT_METHODS):
        found, odd = _UNDEFINED, False
        for key, value in pairs:
            if type(key) is str:
                if key == name:
                    found = value
            elif str in _mro_of(type(key)) and _str_eq(key, name):  # (str's own comparison: no code of theirs)
                odd = True
        methods = CONTRACT_METHODS.get(name)
        if odd:
            table[name] = (_RAISE, MissingName, f"`{name}` is filed in the solution's namespace under a name that is "
                                                "not a plain string: the tests use what the solution cell defines")
        elif found is _UNDEFINED:
            table[name] = (_RAISE, KeyError, name)
        elif not_a_class(name, found) is not None:
            table[name] = (_RAISE, MissingName, not_a_class(name, found))
        elif methods is None:
            table[name] = (_VALUE, found)
        else:
            table[name] = (_CONTRACT, found, name, methods, note, seal)
    return table


def resolver(fill: object) -> Any:
    """A generator, primed with `next`: `send(name)` answers what `solution_names` last resolved
    `name` to: (the value,), with a new `Contracted` for a contract class (none is shared: its
    attributes are writable), or (an exception class, its message) to raise, or None for any other
    name; `send((fill, table))` (`fill`: an object only its maker holds) replaces the table. The
    table is held in its frame alone (the threat model leaves frames out): a solution reaching
    `send` gets what a test cell's name gives, and cannot change what it gives."""
    table: dict = {}
    request = yield None
    while True:
        if type(request) is tuple and len(request) == 2 and request[0] is fill and type(request[1]) is dict:
            table = request[1]
            request = yield None
            continue
        entry = table.get(request) if type(request) is str else None
        if entry is None:
            answer = None
        elif entry[0] is _VALUE:
            answer = (entry[1],)
        elif entry[0] is _CONTRACT:
            answer = (Contracted(*entry[1:]),)
        else:
            answer = entry[1:]
        request = yield answer


_UNDEFINED, _VALUE, _CONTRACT, _RAISE = object(), object(), object(), object()
_str_eq = str.__eq__


class Contracted:
    """What a test cell's name for a contract class (`CONTRACT_METHODS`) stands for in a check
    process: calling it calls the student's class, checks the object made (`broken_contract`;
    MissingName if broken), gives it the class's sealed subclass (`_contract_seal`: its contract
    methods are the class's own `async def`s at every moment, whatever an object or a class later
    holds under their names) and notes it (`note`, the `send` of a `kept()` generator of the check
    process's main, which checks it again when the test cell ends). `seal` is the `send` of the check
    process's `_contract_seal.sealer()`."""

    __slots__ = ("cls", "name", "methods", "note", "seal")

    def __init__(self, cls: type, name: str, methods: tuple[str, ...], note: Callable[[Any], Any],
                 seal: Callable[[Any], Any]) -> None:
        self.cls, self.name, self.methods, self.note, self.seal = cls, name, methods, note, seal

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        cls, name, methods = self.cls, self.name, self.methods
        obj = cls(*args, **kwargs)
        why = broken_contract(obj, cls, name, methods)
        if why is not None:
            raise MissingName(why)
        record = self.seal((cls, methods))
        if not _contract_seal.is_record(record):
            raise MissingName(f"`{name}` cannot be given the subclass the checks call its methods through "
                              f"({type(record).__name__}: {record}): a class the tests use may not refuse "
                              "subclassing")
        if _contract_seal.sealed_names(record) != methods:  # (a sealer asked otherwise first hands no other record)
            raise MissingName(f"`{name}`: the subclass the checks call its methods through does not seal them all")
        try:
            _contract_seal.seal_object(obj, record)
        except TypeError as exc:
            raise MissingName(f"an object `{name}(...)` makes cannot be given the subclass the checks call its "
                              f"methods through ({exc})") from None
        self.note((obj, cls, name, methods, record))
        return obj