"""The guard of a check process: keeps student code from changing the checks while they judge it.

Side: loaded in the grading sandbox, beside student code, but built by
`course.problem_process` before any student code runs. The trusted side (the
nbgrader process) trusts nothing this module says without its verdicts,
which only code started from the check process's own `main` can record.

In one Python process nothing is private: a student's code can reach every
module (`sys.modules`), every class (`object.__subclasses__()`) and, from a
function, its globals. So the checks do not rely on hiding, but on three
things that hold for code that uses neither `gc` nor frame objects (the
threat model in the README):

- A snapshot, taken before any student code ran, of what the checks run
  on: every global of the `course` package's modules, the functions,
  classes and constants of the standard-library modules they use (asyncio,
  time, builtins, math, ...), the classes' attributes (code and constants)
  and each function's code, defaults and closure cells, and the namespaces
  the test cells run in.
  `restore()` puts it back before each check and each seed; `changed()`
  names whatever differs after a run, and that run fails. A change put back
  before the guard looks is seen by the dicts' version tags (`_version_tags`):
  the namespaces of those modules and classes, and the checks' constant
  tables, moved since the last restore. A closure cell has no such tag, so
  the checks' own functions have none (see `_records`; tested by
  course/tests/test_closures.py): only the standard library's are compared
  when the guard looks. Nor does re-initializing a descriptor in place
  (`property.__init__`, `staticmethod.__init__`, `functools.partial.__setstate__`)
  move any tag: the checks' own classes hold none (see `_descriptors`), and what
  the standard library's stand for is compared at every look and put back.
  What no snapshot can put back, an object's class, is not left to it: the
  guard's audit hook refuses any `__class__` or `__bases__` change of the
  checks' objects and classes (and making an object one of theirs), from
  the moment it is built (tested by course/tests/test_guard_refusals.py).
- A seal, from the moment the first test cell begins: no code writes the
  checks' world again (the namespaces and classes above, by their version
  tags; the functions' code and defaults, compared). Any write, even one put
  back, fails every verdict recorded after it (`record`) and the cell it
  happened in (main reads `broken()`): a look puts back what it finds, but
  not what a fake that trusted code called between two looks did with what
  it was handed. What the guard's put-back replaces is kept alive for good,
  and it runs with the collector off: no finalizer of a solution's runs
  inside the guard's own work.
- The guard lives only in a local variable of `main`. `find()` hands it to
  the runner only when the frames above the caller are exactly: the
  genuine `explore`/`run`, called by the test cell that `main` is running.
  Student code that calls `explore` or the runner itself gets None.
- Verdicts (`record`) go to a list that only the guard's closures hold;
  `main` reports them to the grader, which requires one passing verdict for
  every scenario and seed each test cell starts. A check whose machinery was
  replaced records nothing, and fails.

The guard's own functions are closures over builtins bound when it was
built, so replacing `builtins.len` later cannot change them.
"""

from __future__ import annotations

import _thread
import dis
import functools
import itertools
import opcode
import operator
import sys
import types
from typing import Any, Callable, Iterable

from . import _contract_seal, _versions
from ._callsites import call_sites as _call_sites
from ._code import CODE_GETTERS_BY_NAME, code_of
from ._descriptors import FIXED_TYPES, FixedProperty, functions_in
from ._identity import derives_from as _derives, identity
from ._trace import harness_codes as _harness_codes

_getframe = sys._getframe
_get_instructions = dis.get_instructions  # (bound at import: `dis` is a module nothing watches)
_get_ident = _thread.get_ident  # (bound at import: the hook asks it at every watched event)
_addaudithook = sys.addaudithook

#: The name of `main`'s local variable that holds the guard.
LOCAL = "__course_guard__"

_MISSING = object()
_STORE_ATTR, _EXTENDED_ARG = opcode.opmap["STORE_ATTR"], opcode.opmap["EXTENDED_ARG"]


def _stores_code(frame: types.FrameType) -> bool:
    """Whether `frame` is executing its own `x.__code__ = ...` (a STORE_ATTR of `__code__`), not a
    call (setattr, or C code such as `map` it stepped) that sets it on another's behalf."""
    code, at = frame.f_code.co_code, frame.f_lasti
    if at < 0 or at + 1 >= len(code) or code[at] != _STORE_ATTR:
        return False
    arg, back = code[at + 1], at
    while back >= 2 and code[back - 2] == _EXTENDED_ARG:
        back -= 2
        arg |= code[back + 1] << (8 * ((at - back) // 2))
    names = frame.f_code.co_names
    return arg < len(names) and names[arg] == "__code__"
#: Hooks each check swaps for its own duration (`_isolation.isolated`): not watched.
#: (sys.stdout and sys.stderr are swapped too, but are not code, so never watched.)
_SWAPPED = frozenset({("sys", "unraisablehook"), ("warnings", "_showwarnmsg_impl"), ("warnings", "showwarning"),
                      ("sys", "displayhook"), ("sys", "excepthook")})
#: Modules whose namespaces are compared entry by entry when the guard looks, not watched by their
#: version tags: a correct solution may change them during a run (`contextlib.redirect_stdout`
#: assigns sys.stdout, `warnings.catch_warnings` assigns warnings.filters and showwarning,
#: `time.tzset()` rewrites time.tzname, as `_strptime` does after `locale.setlocale`).
_UNTAGGED = frozenset({"sys", "warnings", "time"})
#: What a standard-library module keeps as state, which it rewrites itself: not watched (`time.tzset()`
#: makes these anew; a correct P01 calling it, or `locale.setlocale` then `strptime`, failed every check,
#: red-team pass 113).
_STATE = frozenset({("time", "tzname"), ("time", "timezone"), ("time", "altzone"), ("time", "daylight")})
_HEAP_TYPE, _IMMUTABLE_TYPE = 1 << 9, 1 << 8  # Py_TPFLAGS_HEAPTYPE, Py_TPFLAGS_IMMUTABLETYPE


class Guard(tuple):
    """What the check process's `main` holds; see the module docstring. A tuple of 15, made by
    `build`: `Guard((restore, changed, begin, record, verdicts, genuine, runner, tests,
    unraisable, calls, secret, reached, generators, own_scenario, broken))`. (Not a NamedTuple, whose generated
    helpers keep closure cells: see _records.) Its fields are `_descriptors.FixedProperty`s,
    tuples: a `property` here could be given another getter in place
    (`property.__init__(Guard.__dict__["record"], ...)`), and main would then get from its own
    guard whatever a solution chose (route `p09_guard_field_reinit`)."""

    __slots__ = ()

    restore: Callable[[], None] = FixedProperty(operator.itemgetter(0), name="restore")  # type: ignore[assignment]
    changed: Callable[[], list] = FixedProperty(operator.itemgetter(1), name="changed")  # type: ignore[assignment]
    begin: Callable[[], None] = FixedProperty(operator.itemgetter(2), name="begin")  # type: ignore[assignment]
    record: Callable[[str, Any, bool, str], None] = FixedProperty(operator.itemgetter(3), name="record")  # type: ignore[assignment]
    verdicts: Callable[[], list] = FixedProperty(operator.itemgetter(4), name="verdicts")  # type: ignore[assignment]
    # Code objects by identity, {identity(code): code}: code objects compare equal by value (their name,
    # file and qualified name aside), so a set of them would take a solution's copy, compiled from
    # a test cell's text (a visible test's, say) at the same line, for the test's own.
    # The entry points a test cell may call (explore, run):
    genuine: dict = FixedProperty(operator.itemgetter(5), name="genuine")  # type: ignore[assignment]
    # The runner functions between an entry point and find():
    runner: dict = FixedProperty(operator.itemgetter(6), name="runner")  # type: ignore[assignment]
    # The test cells' code (and every function, class or comprehension defined in it):
    tests: dict = FixedProperty(operator.itemgetter(7), name="tests")  # type: ignore[assignment]
    # Every "Exception ignored in" report since the guard was built, as the audit hook saw it
    # (whatever `sys.unraisablehook` is: see `build`); the runner reads what each run added.
    unraisable: list = FixedProperty(operator.itemgetter(8), name="unraisable")  # type: ignore[assignment]
    # {(identity(code), offset, name)}: where the test cells' code calls a function named `name`
    # (see _callsites), for the harness functions that act only when test code calls them.
    calls: frozenset = FixedProperty(operator.itemgetter(9), name="calls")  # type: ignore[assignment]
    # The problem's secret (`course.grading.problem_checks.job_secret`), for draws a solution must not
    # be able to make itself (where a sweep's cuts land: see _cancellation).
    secret: str = FixedProperty(operator.itemgetter(10), name="secret")  # type: ignore[assignment]
    # identity(a trial's code) -> (suspension points its last sweep reached, loop steps its uncut run
    # took, sweeps of it so far, virtual seconds each suspension of that run lasted, virtual seconds the
    # last whole sweep took), for the life of the process: where the trials before a sweep's uncut one
    # cut, and how far into the suspension, which kind of landing each point's cut has, and how much room
    # in virtual time a sweep's trials are given (see _cancellation). Kept here, not in a
    # module a solution can import: emptied by a solution, every sweep was a first one, whose early cut
    # is at the first point (red-team pass 83).
    reached: dict = FixedProperty(operator.itemgetter(11), name="reached")  # type: ignore[assignment]
    # The random generators a solution made, as each check found them at its start, for the life of
    # the process: a sweep sets each back to its state at the sweep's start before each trial (see
    # _cancellation.note_generators; gc no longer sees them once a check has begun).
    generators: list = FixedProperty(operator.itemgetter(12), name="generators")  # type: ignore[assignment]
    # own_scenario(fn) -> bool: whether a scenario handed to explore() or run() is the tests' or the checks'.
    own_scenario: Callable[[Any], bool] = FixedProperty(operator.itemgetter(13), name="own_scenario")  # type: ignore[assignment]
    # broken() -> [str]: what broke the seal on the checks' world (see `build`); empty while it holds.
    broken: Callable[[], list] = FixedProperty(operator.itemgetter(14), name="broken")  # type: ignore[assignment]


#: Audit events the guard's hook refuses once it is installed (before any student code).
_REFUSED = frozenset({"sys.addaudithook", "sys.monitoring.register_callback", "sys.settrace", "sys.setprofile"})


def _functions_of(value: object) -> list[types.FunctionType]:
    """The Python functions behind a module or class attribute (a descriptor's too: see _descriptors)."""
    return [f for f in functions_in(value) if isinstance(f, types.FunctionType)]


def _is_code(value: object) -> bool:
    # Functions, classes, modules and descriptors: what decides behaviour.
    # (The course's own descriptors, and the parts they read their items through: `_descriptors`.)
    return callable(value) or isinstance(value, (staticmethod, classmethod, property, types.ModuleType,
                                                 *FIXED_TYPES))


#: Immutable values: the constants of a module or class (`math.inf`, `inspect.CO_COROUTINE`,
#: `json.JSONEncoder.key_separator`) decide behaviour as much as its functions do, and a
#: constant is never changed by the standard library itself. (Not mutable data such as
#: caches and counters, which it changes as it runs; nor None, its mark for what it loads
#: on first use: `random._sha512` on 3.13.)
_CONSTANT_TYPES = frozenset({int, float, complex, str, bytes, bool, tuple, frozenset})


def _is_watched(value: object) -> bool:
    """Whether an attribute of a standard-library module or class is watched: code or a constant."""
    return type(value) in _CONSTANT_TYPES or _is_code(value)


def _is_constant_name(name: str) -> bool:
    """Whether a module global named `name` is a constant by the course's convention (PEP 8's):
    capitals, digits and underscores, at least one capital (`_REAL`, `SOLUTION_NAMES`)."""
    core = name.lstrip("_")
    return bool(core) and core.upper() == core and any(c.isalpha() for c in core)


def _version_tags(dicts: list) -> Callable[[], list] | None:
    """A function returning the version tag of each dict of `dicts` (see `_versions`); None where
    this interpreter's tags cannot be read, and the guard then sees only what differs when it looks
    (the README's known gap). The dicts are kept alive by the caller."""
    tag_views = _versions.views(dicts)
    if tag_views is None:
        return None
    read = _versions.read
    return lambda: read(tag_views)


def build(*, own: Iterable[types.ModuleType], used: Iterable[types.ModuleType],
          fixed: Iterable[tuple[dict, bool]], watched: Iterable[dict], genuine: Iterable[Callable],
          runner: Iterable[Callable], tests: Iterable[types.CodeType] = (), audit: bool = False,
          secret: str = "") -> Guard:
    """Snapshot the checks' world and return the guard over it.

    own: modules whose every global is watched (the course package);
    used: modules of which only functions, classes, submodules and constants are watched
    (the standard library the checks run on); fixed: (dict, exact) pairs
    watched as they are now, with no key added if `exact` (the test cells'
    builtins, their import table; their namespace's setup and given names);
    watched: dicts watched key by key from each `begin()` (the test cells'
    namespace); genuine/runner: the functions `find()` accepts on the stack.

    Checking everything takes ~0.2 ms (a few thousand entries compared by
    identity in C loops: `map`, `operator.attrgetter`), so it runs around
    every seed.
    """
    own_modules, used, fixed, namespaces_watched = list(own), list(used), list(fixed), list(watched)
    # Bound now: student code that replaces builtins later cannot reach these.
    _id, _len, _list, _map, _zip, _setattr, _isinstance, _getattr = identity, len, list, map, zip, setattr, isinstance, getattr
    _set, _frozenset, _ValueError, _all, _any, is_ = set, frozenset, ValueError, all, any, operator.is_
    _type, _RuntimeError, refused, _repeat, _dict = type, RuntimeError, _REFUSED, itertools.repeat, dict
    _BaseException = BaseException
    type_setattr, type_delattr, dict_get, proxy_get = type.__setattr__, type.__delattr__, dict.get, types.MappingProxyType.get
    attributes = ("__code__", "__defaults__", "__kwdefaults__")
    getters = tuple(operator.attrgetter(a) for a in attributes)
    # What a built-in descriptor or partial stands for, kept in the very object, where a call of one
    # of its type's own methods rewrites it in place (`property.__init__`, `staticmethod.__init__`,
    # `functools.partial.__setstate__`): no audit event, no version tag moves, the namespace still
    # holds the same object. So compared at every look, whatever the tags say, and put back.
    inner_attributes = ("fget", "fset", "fdel", "__doc__", "__func__", "func", "args", "keywords")
    inner_getters = tuple(operator.attrgetter(a) for a in inner_attributes)
    inner_of = {property: (0, 1, 2, 3), staticmethod: (4,), classmethod: (4,), functools.partial: (5, 6, 7)}
    _property, _staticmethod, _classmethod, _partial = property, staticmethod, classmethod, functools.partial
    property_init, property_set_name = property.__init__, property.__set_name__
    static_init, class_init, partial_setstate = staticmethod.__init__, classmethod.__init__, functools.partial.__setstate__
    contents = operator.attrgetter("cell_contents")
    missing, _Namespace = _MISSING, types.SimpleNamespace
    functions_of, is_watched = _functions_of, _is_watched
    sealed_by_contract = _contract_seal.sealed_by_contract
    qualname_of = type.__dict__["__qualname__"].__get__  # (no metaclass of a solution's answers for it)

    # No class is defined here: every class is reachable (object.__subclasses__()),
    # and through its methods, their closures. These functions are reachable only
    # through the guard.
    def new_part() -> types.SimpleNamespace:
        """One group of watched entries, as parallel lists, so a check is a few C loops."""
        return _Namespace(maps=[], keys=[], values=[],           # dict entries
                          # the entries of dicts watched in part (`used` modules), compared one
                          # by one; and dicts watched whole, compared key by key and value by
                          # value in order (two C passes, no lookups)
                          emaps=[], ekeys=[], evalues=[], wholes=[], wkeys=[], wvalues=[], kwdefaults=_set(),
                          proxies=[], pkeys=[], pvalues=[], pclasses=[],  # class attributes
                          sized=[], sizes=[], keysets=[], labels=[],  # dicts and classes with an exact key set
                          # per attribute: the functions that have one worth watching, and its values
                          fnlists=tuple([] for _ in attributes), fvalues=tuple([] for _ in attributes),
                          functions=[], cells=[], cvalues=[], owners={},
                          # built-in descriptors and partials (see `inner_attributes`): per attribute,
                          # the objects that have it and its values; and each object, with where it is
                          inners=[], inner_seen=_set(), ilists=tuple([] for _ in inner_attributes),
                          ivalues=tuple([] for _ in inner_attributes),
                          # the version tags of every dict compared above, as of the last time it
                          # was found the same (see `same`): None where tags cannot be read
                          quick=None, quick_dicts=[], quick_tags=[])

    def same_whole(mapping: dict, keys: list, values: list) -> bool:
        if _len(mapping) == _len(keys) and _all(_map(is_, mapping, keys)) and _all(_map(is_, mapping.values(), values)):
            return True
        # Another order (a key deleted and put back), or a change: compare by key, and keep
        # the new order if nothing else differs.
        if _len(mapping) != _len(keys) or not _all(_map(is_, _map(dict_get, _repeat(mapping), keys, _repeat(missing)), values)):
            return False
        keys[:], values[:] = _list(mapping), _list(mapping.values())
        return True

    def same(part) -> bool:
        # A part whose dicts' version tags have not moved since it was last found the same is
        # the same but for its closure cells (and, without the audit hook, functions' attributes,
        # so then it is compared whole). The tags are read before comparing: a change made
        # meanwhile moves them again.
        quick = part.quick
        if quick is not None:
            tags_now = quick()
            if tags_now == part.quick_tags:
                if not same_inner(part):
                    return False
                try:
                    return _all(_map(is_, _map(contents, part.cells), part.cvalues))
                except _ValueError:  # a cell was emptied
                    return False
        found = same_entries(part)
        if found and quick is not None:
            part.quick_tags = tags_now
        return found

    def same_inner(part) -> bool:
        for getter, objects, values in _zip(inner_getters, part.ilists, part.ivalues):
            if not _all(_map(is_, _map(getter, objects), values)):
                return False
        return True

    def same_entries(part) -> bool:
        if not same_inner(part):
            return False
        # all(map(is_, ...)): identity, compared in C, stopping at the first difference.
        for mapping, keys, values in _zip(part.wholes, part.wkeys, part.wvalues):
            if not same_whole(mapping, keys, values):
                return False
        if not (_all(_map(is_, _map(dict_get, part.emaps, part.ekeys), part.evalues))
                and _all(_map(is_, _map(proxy_get, part.proxies, part.pkeys), part.pvalues))
                and _list(_map(_len, part.sized)) == part.sizes):
            return False
        if not audit:  # with the audit hook, every assignment to these is seen as it happens
            for getter, functions, values in _zip(getters, part.fnlists, part.fvalues):
                if not _all(_map(is_, _map(getter, functions), values)):
                    return False
        try:
            return _all(_map(is_, _map(contents, part.cells), part.cvalues))
        except _ValueError:  # a cell was emptied
            return False

    base, dynamic = new_part(), new_part()
    own_names = _frozenset(module.__name__ for module in own_modules)
    # The classes the test cells define (their module is the test cells' namespace): watched like the
    # course's own, every attribute, from each begin(), in a part of their own (`classes[0]`), their dicts
    # version-tagged (`class_tags`: reader, tags, labels). A scenario's object of such a class is handed
    # to a solution, which reaches the class through it: an attribute the checks read replaced (red-team
    # pass 60 set the one a hidden test's event read its step numbers through) is seen, even if put back.
    cell_modules = _frozenset(m["__name__"] for m in namespaces_watched if _type(m.get("__name__")) is str)
    classes = [new_part()]
    class_tags: list = [None, [], [], []]  # reader, tags, labels, the dicts (kept alive: read in place)
    seen: set[int] = _set()

    def watch_dict(part, mapping: dict, keys: list, label: str, exact: bool) -> None:
        if exact:
            part.wholes.append(mapping)
            part.wkeys.append(_list(mapping))
            part.wvalues.append(_list(mapping.values()))
        for key in keys:
            part.maps.append(mapping)
            part.keys.append(key)
            part.values.append(mapping[key])
            if not exact:
                part.emaps.append(mapping)
                part.ekeys.append(key)
                part.evalues.append(mapping[key])
            for fn in functions_of(mapping[key]):
                watch_function(part, fn)
            watch_inner(part, mapping[key], None, key)
            if _isinstance(mapping[key], type):
                watch_class(part, mapping[key], mapping[key].__module__ if label == "" else label)
        if exact:
            part.sized.append(mapping)
            part.sizes.append(_len(mapping))
            part.keysets.append(_frozenset(mapping))
            part.labels.append(label)

    def watch_inner(part, value: object, owner: type | None, name: str) -> None:
        """Snapshot what a built-in descriptor or partial (of a subclass too) stands for."""
        kind = next((k for k in (_property, _staticmethod, _classmethod, _partial) if _isinstance(value, k)), None)
        if kind is None or _id(value) in part.inner_seen:
            return
        part.inner_seen.add(_id(value))
        state = _list(inner_getters[index](value) for index in inner_of[kind])
        part.inners.append((value, kind, owner, name, state))
        for index, item in _zip(inner_of[kind], state):
            part.ilists[index].append(value)
            part.ivalues[index].append(item)
        if kind is _partial:  # a dict: what is in it can change without any call on the partial
            part.kwdefaults.add(_id(value.keywords))
            part.wholes.append(value.keywords)
            part.wkeys.append(_list(value.keywords))
            part.wvalues.append(_list(value.keywords.values()))

    def put_back_inner(part, dropped: list) -> None:
        for obj, kind, owner, name, state in part.inners:
            now = [inner_getters[index](obj) for index in inner_of[kind]]
            if _all(_map(is_, now, state)):
                continue
            dropped.append(now)
            if kind is _property:
                property_init(obj, *state)
                if owner is not None:  # (re-initializing it forgot its name, which messages show)
                    property_set_name(obj, owner, name)
            elif kind is _staticmethod:
                static_init(obj, *state)
            elif kind is _classmethod:
                class_init(obj, *state)
            else:
                partial_setstate(obj, (*state, getattr(obj, "__dict__", None) or None))

    def watch_function(part, fn: types.FunctionType) -> None:
        if _id(fn) in seen:
            return
        seen.add(_id(fn))
        part.functions.append(fn)
        for attribute, getter, functions, values in _zip(attributes, getters, part.fnlists, part.fvalues):
            # Defaults that are None stay watched only where code is: setting defaults on a
            # function without them changes no call the checks make.
            if attribute == "__code__" or getter(fn) is not None:
                functions.append(fn)
                values.append(getter(fn))
        if fn.__kwdefaults__:  # a dict: what is in it can change without any assignment to the function
            part.kwdefaults.add(_id(fn.__kwdefaults__))
            part.wholes.append(fn.__kwdefaults__)
            part.wkeys.append(_list(fn.__kwdefaults__))
            part.wvalues.append(_list(fn.__kwdefaults__.values()))
        for cell in fn.__closure__ or ():
            try:
                part.cvalues.append(cell.cell_contents)
                part.cells.append(cell)
            except _ValueError:  # an empty cell
                pass

    def watch_class(part, cls: type, module_name: str) -> None:
        if _id(cls) in seen or cls.__module__ != module_name:
            return
        if not cls.__flags__ & _HEAP_TYPE or cls.__flags__ & _IMMUTABLE_TYPE:
            return  # a built-in type: nobody can change it
        seen.add(_id(cls))
        proxy = cls.__dict__
        # A class of the course's own or of a test cell's: every attribute, whatever it is (a slot's
        # member descriptor, a `_primitives._Field`, the parts `_descriptors` read through, a test's
        # class attribute that was None when the guard looked: neither code nor constants, and replaced
        # from the solution cell one stayed for every test cell, nothing putting it back).
        if module_name in cell_modules:
            part = classes[0]
        everything = module_name in own_names or module_name in cell_modules
        for key in proxy:
            if key in ("__dict__", "__weakref__") or not (everything or is_watched(proxy[key])):
                continue  # mutable data (a class-level cache): the standard library's own business
            part.proxies.append(proxy)
            part.pclasses.append(cls)
            part.pkeys.append(key)
            part.pvalues.append(proxy[key])
            for fn in functions_of(proxy[key]):
                watch_function(part, fn)
            watch_inner(part, proxy[key], cls, key)
            if _isinstance(proxy[key], type):
                watch_class(part, proxy[key], module_name)
        part.sized.append(proxy)
        part.sizes.append(_len(proxy))
        part.keysets.append(_frozenset(proxy))
        part.labels.append(f"{cls.__module__}.{cls.__qualname__}")
        part.owners[_id(proxy)] = cls

    for module in own_modules:
        mapping = vars(module)
        watch_dict(base, mapping, _list(mapping), module.__name__, True)
    # The tables the checks keep as constants (a dict global named in capitals, `_REAL`,
    # `SOLUTION_NAMES`, and the dicts in it), whole and by their version tags: an entry replaced
    # and put back during a run is seen (red-team pass 45 did so with a dict of the checks' state).
    # (Not the dicts a module keeps as its state, named in lower case: the checks change those.)
    constants = [(value, f"{module.__name__}.{name}") for module in own_modules
                 for name, value in vars(module).items() if _type(value) is dict and _is_constant_name(name)]
    for mapping, label in constants:
        constants += [(value, f"{label}[{key!r}]") for key, value in mapping.items() if _type(value) is dict]
        watch_dict(base, mapping, _list(mapping), label, True)
    for module in used:
        mapping = vars(module)
        keys = [k for k in mapping if not k.startswith("__") and is_watched(mapping[k])
                and (module.__name__, k) not in _SWAPPED and (module.__name__, k) not in _STATE]
        watch_dict(base, mapping, keys, module.__name__, False)
    for mapping, exact in fixed:
        watch_dict(base, mapping, _list(mapping), "", exact)
    # Every change to the namespaces the checks run on, even one put back before the guard looks
    # (a module global or a class attribute swapped for a spy during a run and restored), moves
    # the dict's version tag: the modules' own dicts, the test cells' and the dicts behind the
    # watched classes' attributes.
    import gc
    # Bound now, as the rest: `gc` is a module a solution can write (its `get_referents`, replaced, handed
    # the guard empty dicts in place of the test cells' classes', whose tags then never moved: red-team
    # pass 114).
    gc_isenabled, gc_disable, gc_enable, get_referents = gc.isenabled, gc.disable, gc.enable, gc.get_referents
    tagged: list = []
    tag_labels: list[str] = []
    for module in (*own_modules, *used):
        if module.__name__ in _UNTAGGED:
            continue
        tagged.append(vars(module))
        tag_labels.append(f"the module {module.__name__}")
    # The test cells' namespace (a solution reaches it through any function or class a test
    # cell defines: `require` swapped for a yes-man and put back), their builtins and imports:
    # written only between checks (a cell's definitions), never during a run.
    fixed_dicts = [mapping for mapping, _ in fixed]
    for mapping in (*namespaces_watched, *fixed_dicts):
        if not _any(mapping is known for known in tagged):
            tagged.append(mapping)
            tag_labels.append("the test cells' namespace")
    for mapping, label in constants:
        tagged.append(mapping)
        tag_labels.append(f"the table {label}")
    for cls in base.owners.values():
        inner = [r for r in gc.get_referents(cls.__dict__) if _type(r) is dict]  # behind the mappingproxy
        if inner:
            tagged.append(inner[0])
            tag_labels.append(f"the class {cls.__module__}.{cls.__qualname__}")
    read_tags = _version_tags(tagged)
    tags: list = read_tags() if read_tags is not None else []
    # The seal. Until the first test cell begins, what a solution changed in the checks' world is put back
    # silently (its cell ran before any test). From then on no code writes it: the namespaces of the
    # course's modules and of the standard library's they run on, the checks' tables, the watched classes,
    # the keyword defaults of the course's functions. Any write since (even one put back), seen by the
    # dicts' version tags, breaks the seal for good, and every verdict recorded after it fails, in this
    # test cell and every later one (`record`; main fails the cell it broke in: `broken`). A look puts
    # back what it finds, but trusted code may have called a solution's fake between two looks and handed
    # it what only the checks hold (this guard, a run's books), and what the fake did with that (a sweep's
    # records emptied, verdicts recorded) outlasts any look: red-team pass 111 put a fake
    # `_runner._check_in_process` back from a finalizer each time the guard put the real one back, and the
    # fake recorded a pass for every seed (full marks for an empty solution on every problem, routes
    # `pNN_replanted_runner`), or planted it from the finalizer of a `sys.stdout` set during a run, freed
    # after the check's last look (`p10_stdout_finalizer_plants_runner`). The test cells' own namespace
    # is not sealed (their statements write it; `settle` and `fixed_written` hold it).
    world_dicts = [mapping for mapping, label in _zip(tagged, tag_labels) if label != "the test cells' namespace"]
    world_labels = [label for label in tag_labels if label != "the test cells' namespace"]
    for mapping in base.wholes:
        if _id(mapping) in base.kwdefaults and _type(mapping) is dict:
            world_dicts.append(mapping)
            world_labels.append("the keyword defaults of a function of the checks")
    read_world = _version_tags(world_dicts)
    sealed: list = []  # [the world's tags as the first test cell began] (None where tags cannot be read)
    broken: list[str] = []  # what broke the seal; empty while it holds
    # Everything a put-back replaced or removed, alive for the life of the process: dropped there, a
    # solution's object would run its finalizer inside the guard's own work, between its put-back and
    # its look (pass 111's finalizer put its fake back each time the real function was put back).
    graveyard: list = []

    own_functions: list = []  # (getter, the course's own functions, their values), as sealed

    def seal() -> None:
        """Take the world as it is now as the one no code writes from now on (main's first test cell)."""
        own_globals = {_id(vars(module)) for module in own_modules}
        for getter, functions, values in _zip(getters, base.fnlists, base.fvalues):
            mine = [(fn, value) for fn, value in _zip(functions, values) if _id(fn.__globals__) in own_globals]
            own_functions.append((getter, [fn for fn, _ in mine], [value for _, value in mine]))
        sealed[:] = [read_world() if read_world is not None else None]
        if not same(base):  # (changed since it was put back, before the tags were read: a thread, a finalizer)
            broken.append("the checks' own objects (changed while the first test cell began)")

    def seal_broken(everything: bool = False) -> list:
        """What broke the seal (see `seal`), noted for good; empty while it holds. The code and defaults
        of the course's own functions are compared each time, the standard library's too `everything`
        (as each test cell ends: ~0.1 ms for some 3,000 functions; at every verdict, the course's)."""
        if broken or not sealed:
            return broken
        if read_world is not None:
            now = read_world()
            if now != sealed[0]:
                broken.extend(f"{label} (written after the tests began, even if put back)"
                              for label, before, after in _zip(world_labels, sealed[0], now) if before != after)
        elif not same(base):  # (no tags to read: only what differs now is seen)
            broken.append("the checks' own objects (changed after the tests began)")
        # A function's code and defaults are no dict entries: the audit hook sees them assigned, and here
        # what they are is compared too, whatever the hook was shown.
        compared = _zip(getters, base.fnlists, base.fvalues) if everything else own_functions
        for attribute, (getter, functions, values) in _zip(attributes, compared):
            if not _all(_map(is_, _map(getter, functions), values)):
                broken.append(f"the {attribute} of a function of the checks (changed after the tests began)")
        return broken

    def quicken(part) -> None:
        """Let `same(part)` skip comparing what sits in dicts whose tags have not moved."""
        if not audit:
            return
        dicts: list = []
        known: set = _set()
        for mapping in (*part.wholes, *part.emaps, *part.proxies, *part.sized):
            # A dict, or an object of a dict subclass (the test cells' builtins, `_Names`: the same
            # C layout, so the same tag), is read in place; a class's mappingproxy, the dict behind it.
            # (Only `type(mapping) is dict` was taken for a dict from red-team pass 48 on, when the
            # builtins became a `_Names`: no part holding them was ever quickened, and every look
            # compared the whole base entry by entry, ~15% of a check process's CPU.)
            if not _isinstance(mapping, dict):
                mapping = next((r for r in get_referents(mapping) if _type(r) is dict), None)
                if mapping is None:
                    return
            if _id(mapping) not in known:
                known.add(_id(mapping))
                dicts.append(mapping)
        part.quick_dicts = dicts  # (kept alive: their tags are read in place)
        part.quick = _version_tags(dicts)
        part.quick_tags = []  # never read yet: the first look compares everything

    quicken(base)
    # The modules the checks and the test cells run on (the course's, the standard library's, the
    # test cells' import table): a module is the one object of a built-in class whose `__class__`
    # Python lets any code change (to a ModuleType subclass, whose `__getattribute__` would answer
    # `asyncio.sleep` for a test cell), so their class is kept too (see `hook`).
    modules = {_id(m) for m in (*own_modules, *used)}
    modules.update(_id(v) for mapping, _ in fixed for v in mapping.values() if _isinstance(v, types.ModuleType))
    tainted: list[str] = []  # changes put back by the next restore (which forgets them)
    lasting: list[str] = []  # changes nothing puts back: never forgotten
    began: list = []  # not empty once the first test cell has begun
    # The test cells' builtins and import table (the `fixed` dicts held exactly): no code writes them once
    # the guard is built, so any write since, seen by `begin` as a cell or a statement of one starts (even one
    # put back, or one `restore` put back at a check's start), fails that cell. (Before, a write outside a run
    # was put back at the next check's start and not named: red-team pass 105's thread swapped the builtin
    # `globals` of the test cells between two of their statements, and a cell's `globals().get(...)` read
    # another cell's verdict wrong.) Read by tags where they can be read, else by what they hold.
    exact_fixed = [mapping for mapping, exact in fixed if exact]
    exact_items = [_list(mapping.items()) for mapping in exact_fixed]
    read_exact = _version_tags(exact_fixed)
    exact_tags: list = read_exact() if read_exact is not None else []

    def fixed_written() -> list:
        """A note that the test cells' builtins or imports were written since the last look (`fixed_seen`), or
        nothing. The caller puts them back (`fix(base)`), then calls `fixed_seen`."""
        if read_exact is not None:
            moved = read_exact() != exact_tags
        else:
            moved = not _all(_len(m) == _len(items) and _all(dict_get(m, k, missing) is v for k, v in items)
                             for m, items in _zip(exact_fixed, exact_items))
        return (["the test cells' builtins or imports (a name in them replaced by code that is not a test cell's, "
                 "even if put back)"] if moved else [])

    def fixed_seen() -> None:
        if read_exact is not None:
            exact_tags[:] = read_exact()
    unraisable: list = []
    # The code objects of the course's own functions (by identity: see _trace.harness_codes).
    # A function made of a test's own code (reached through a coroutine a test handed to a solution,
    # `cr_code`) with globals or a closure of a solution's choosing would run as test code: refused,
    # with the harness's. (The cells' own code is run by `main` with `exec`: not refused.)
    tests = _list(tests)
    test_codes = {_id(code): code for code in _nested(tests)}
    # Which function each instruction of theirs calls, by name (see _callsites): read now, before any
    # student code runs, and frozen.
    calls = _call_sites(test_codes.values())
    cells = {_id(code) for code in tests}
    refused_codes = {_id(code): code for code in _harness_codes(own_modules)}
    refused_codes.update((key, code) for key, code in test_codes.items() if key not in cells)
    # The guard's own writes are not a student's, nor its own read of a code object: each flag
    # holds the thread that set it (0: none), so the hook lets through only that thread's events
    # meanwhile. (One flag for all threads let a solution's thread act while the main thread was
    # inside: red-team pass 47 read hidden tests' code, and gave its function the harness's code.)
    _thread_id = _get_ident
    # (thread, target, attribute) of the one write the guard's own put-back is making (see `put_back`): the
    # hook lets that write alone through. (Every write of the thread in a put-back was let through: a
    # solution's finalizer, run by a collection inside it, gave `_runner._check_in_process` the code of a
    # fake unseen, and the fake recorded a pass for every seed: red-team pass 112.)
    busy: list = [None]
    str_copy = str.__str__  # an exact str of a str subclass (whose __eq__ would answer for it)
    coroutine_code = types.coroutine.__code__
    # A test's code object (a hidden test's constants, names and control flow, disassembled) is
    # read only by the tests' own code, by the checks through `code_of`, and by the few
    # standard-library functions that read one for what they answer (`_readers`), each only of
    # the object it was handed (its argument, by identity: red-team pass 48 had
    # `inspect._has_code_flag` read an object of its own whose `__code__` property, C code all
    # along, read a test function's): not by a solution, through `fn.__code__` of a function a
    # test hands it or the `cr_code` of a test's coroutine.
    # (The guard's own functions read code too, of the functions it watches: only ever of a
    # genuine function, through `operator.attrgetter`, so no code of a solution's runs inside.)
    readers = _set(test_codes) | {_id(code) for code in _nested([build.__code__])}
    # `code_of` reads for the checks only: a solution can import and call it (red-team pass 49),
    # so it may read a test's code only when the checks' own code called it.
    through, harness = _id(code_of.__code__), _set(refused_codes)
    argument_of = {_id(fn.__code__): name for fn, name in _readers()}
    code_getter, reading = CODE_GETTERS_BY_NAME.get, _set()  # the threads reading a code object for the hook

    def hook(event: str, args: tuple) -> None:
        # Most events by far (millions in a check process) are the checks' own lookups: a frame
        # (`sys._getframe`) and its code (`f_code`). They are looked at first, at the least cost: an
        # audit hook runs for every event (~0.3 us a call before its first line).
        if event == "sys._getframe":
            return
        if event == "object.__getattr__":
            getter = code_getter(args[1]) if _len(args) == 2 else None
            if getter is None:  # (most such events: a frame's f_code, read by the checks)
                return
            me = _thread_id()
            if me in reading:
                return
            reading.add(me)  # (reading it raises this event again, in this thread)
            try:
                code = getter(args[0])
            except BaseException:
                return
            finally:
                reading.discard(me)
            if _id(code) not in test_codes:
                return
            reader = _getframe(1)
            key = _id(reader.f_code)
            if key in readers or (key in argument_of and reader.f_locals.get(argument_of[key], reader) is args[0]):
                return
            if key == through and reader.f_back is not None and _id(reader.f_back.f_code) in harness:
                return
            raise _RuntimeError(f"a test's own code ({_getattr(code, 'co_qualname', '?')}) cannot be read "
                                "while checks run: the checks judge what your code does with what they hand it")
        if event in refused:
            # A hook added later would be handed every code object run (a hidden test's,
            # through the `exec` event), a callback of sys.monitoring every code object
            # started: refused (for sys.addaudithook, Python then drops the hook silently).
            raise _RuntimeError(f"{event} is not available while checks run")
        if (event == "function.__new__" or event == "exec") and args and _id(args[0]) in refused_codes:
            # A function made of the harness's own code with other defaults, closure or globals
            # (or that code run with globals of a solution's choosing) would pass for the
            # harness's own function wherever code identity decides (see _trace._doorkeeper).
            raise _RuntimeError(f"the checks' own code ({_getattr(args[0], 'co_qualname', '?')}) cannot be "
                                "made into another function or run elsewhere while checks run")
        if event == "sys.unraisablehook":
            # Python raises this event for each report before handing it to the hook, the
            # check's own (`_isolation.isolated`) or whatever a solution set during a run:
            # a report is recorded here, where no hook can hide it.
            unraisable.append(args[1])
            return
        if event != "object.__setattr__" or _len(args) < 3:
            return
        name = args[1]
        if _type(name) is not str:  # (a str subclass's `__eq__` would decide what the comparisons below see)
            try:
                name = str_copy(name)
            except BaseException:
                return
        if busy[0] is not None and busy[0] == (_thread_id(), _id(args[0]), name):
            return
        if name == "__code__" and _id(args[2]) in refused_codes and not (
                _id(_getframe(1).f_code) in test_codes and _stores_code(_getframe(1))):
            # Any function given the harness's or a test's own code (`fn.__code__ = code`) runs it
            # with that function's globals and closure: refused, as making one is (red-team pass 39),
            # unless a test's own statement does it (P07's swaps the given `do_work` for its own);
            # a test frame that is only stepping C code of a solution's (`map(setattr, ...)` in an
            # awaitable the test awaits) is not doing it (red-team pass 40).
            raise _RuntimeError(f"the checks' own code ({_getattr(args[2], 'co_qualname', '?')}) cannot be "
                                "given to another function while checks run")
        if name == "__class__" or name == "__bases__":
            # Refused (and noted, failing a run it is tried in): a note alone is cleared when the
            # guard next restores, and nothing puts a class back (changed in the solution cell,
            # while no check ran, a class lasted for every test cell: p08_task_method_recast,
            # p08_builtins_class_swap, p09_seal_early_recast, p09_descriptor_recast). Any object
            # of one of the checks' classes (the course's and the standard library's the guard
            # watches: the sealed task's method descriptors, the test cells' builtins dict...; a
            # contract class's sealed class and its metaclass, and their descriptors), one of
            # those classes itself, or a module they run on, keeps its class and bases, and no object is made one of the
            # checks' classes. (The seal's own `obj.__class__ = sealed`, of an object of the
            # student's class, is none of these.)
            target = args[0]
            if (_id(_type(target)) in seen or _id(target) in seen or _id(target) in modules
                    or (name == "__class__" and _id(args[2]) in seen)
                    or sealed_by_contract(_type(target)) or sealed_by_contract(target)):
                what = f"the {name} of a {qualname_of(_type(target))} object"
                if sealed_by_contract(_type(target)) or sealed_by_contract(target):
                    # A student's own object: say why its class is kept, and what to do instead (a correct
                    # P08 breaker switching `self.__class__` between state classes was told only that it
                    # changed "what the checks run on": red-team pass 113).
                    what += (" (your contract class's objects keep their class while the checks run: the checks "
                             "seal the contract's methods on them; keep a state in an attribute instead of "
                             "switching classes)")
                tainted.append(what)
                raise _RuntimeError(f"{what} cannot be changed: the checks' objects and classes keep their "
                                    "classes and bases, and no object is given one of theirs, while checks run")
            if began and (name == "__bases__" or _derives(_type(target), _BaseException)):
                # Once the tests began, no class changes its bases and no exception its class: what a
                # call ended with is judged after it ended, by the class its exception has then, and an
                # `Exception` raised by a cancelled call, its class given CancelledError as a base by a
                # callback once the task had ended, passed for the cancellation (red-team pass 117,
                # routes `p01_bases_swap_cancelled` ...). Refused, and the run it is tried in fails.
                what = (f"the bases of class {qualname_of(target)}" if name == "__bases__"
                        else f"the class of a {qualname_of(_type(target))} exception")
                tainted.append(what)
                raise _RuntimeError(f"{what} cannot be changed once the tests began: what a call raised is judged "
                                    "by the class it was raised with")
            return
        if _id(args[0]) in seen:  # a watched function's code or defaults
            tainted.append(f"{_getattr(args[0], '__qualname__', '?')}.{name}")
            if sealed:
                broken.append(tainted[-1])
        elif name == "__code__" and not (_id(_getframe(1).f_code) in test_codes and _stores_code(_getframe(1))) \
                and _getframe(1).f_code is not coroutine_code:
            # What a function does is the code it was written with: a solution's own function
            # given other code while checks run (an `async def` contract method made a plain def
            # only between the moments the checks look at it: p09_transient_code_swap) fails the run.
            # Nothing puts such code back: once the test cells have begun, the note lasts, failing
            # every later check (done outside a check, between two, it was cleared by the next
            # restore and the other code stayed). Before, in the solution cell, it is what the
            # solution defines, judged as such. (`types.coroutine` gives a generator function its own
            # code with one more flag: a correct solution decorating a helper it defines at check time
            # failed every later check, red-team pass 113.)
            note = f"the code of {_getattr(args[0], '__qualname__', '?')} (replaced)"
            (lasting if began else tainted).append(note)

    if audit:
        _addaudithook(hook)
    namespaces = namespaces_watched
    verdicts: list[tuple[str, Any, bool, str]] = []
    # The watched namespaces (the test cells') as the test cells' own statements made them: as
    # the guard was built (the setup and given cells' copies), then each test cell's names taken
    # as it runs; what main puts there itself (`putting`); and the names the test cell running
    # now binds or deletes (`stored_names` of the statement running; none between cells).
    owns = [_dict(mapping) for mapping in namespaces]
    storing = [_frozenset()]
    planted: list[str] = []  # what `begin` put back, failing every check until the cell ends

    def settle() -> list:
        """Hold each watched namespace to what the test cells' own statements made it: a name the
        running cell stores is taken as it is now, and any other name added, replaced or removed
        (by the solution cell, a finalizer or a thread, between cells or before a check began:
        the functions and classes defined there lead a solution to this namespace, whose names
        a test cell reads before its builtins) is put back, and named."""
        found: list[str] = []
        names = storing[0]
        held = []  # what is dropped, alive until the guard is done (a finalizer is a solution's code)
        for mapping, own in _zip(namespaces, owns):
            items = _list(mapping.items())
            held.append(items)
            if not _all(_map(is_, _map(_type, mapping), _repeat(str))):
                # A key that is not exactly a string (a `str` subclass, whose `__eq__` a lookup of
                # `abs` would run and could answer): dropped without looking it up.
                found.append("a name that is not a plain string (added to the test cells' namespace by code "
                             "that is not a test cell's)")
                mapping.clear()
                mapping.update([(key, value) for key, value in items if _type(key) is str])
            for key, value in items:
                if _type(key) is not str or key in names:
                    continue
                if key not in own:
                    del mapping[key]
                    how = "added to"
                elif value is not own[key]:
                    mapping[key] = own[key]
                    how = "replaced in"
                else:
                    continue
                found.append(f"{key[:60]} (a name {how} the test cells' namespace by code that is not a test cell's)")
            for key, value in _list(own.items()):
                if key not in mapping and key not in names:
                    mapping[key] = value
                    found.append(f"{key[:60]} (a name removed from the test cells' namespace by code that is "
                                 "not a test cell's)")
            # Taken in the namespace's own order, which the test cells' statements make: `names` is a
            # frozenset, whose order changes with each process's hash seed, and `own`'s order is the
            # order in which a later change is named (the same submission's feedback differed between
            # two gradings).
            for key in [key for key in mapping if key in names]:
                own[key] = mapping[key]
            for key in names:
                if key not in mapping:
                    own.pop(key, None)
        if found:
            graveyard.append(held)  # (see `graveyard`)
        return found

    def begin(cell: frozenset | None = None, putting: dict | None = None, statement: bool = False) -> list:
        """Watch the namespaces as they are now (a test cell has defined its scenarios).

        The rest is put back first, so what watches them is the genuine code. The watched
        namespaces are first held to what the test cells' own statements made them (`settle`):
        returns what was put back, which fails every check until the test cell ends. `cell`,
        from main only, as a test cell's statement starts (the names that statement stores:
        `stored_names`) or the cell ends (none); `putting`, the names main itself puts in the
        namespace then (`__given__`). With `statement` (main, between two statements of a cell)
        only the namespaces are settled and watched again: what the statement that ended stored is
        taken as the cell's own, and from then on only what the next one stores (a name an earlier statement
        stored, replaced since by a finalizer, a thread or a solution function the cell called, is
        put back, and the cell fails)."""
        nonlocal dynamic
        began[:] = (True,)
        if statement:
            stored = storing[0]
            found = settle()
            written = fixed_written()
            if written:
                fix(base)
                fixed_seen()
                found += written
            planted.extend(found)
            storing[0] = cell
            if stored:
                # What the statement that ended stored is the cell's own from now on: restore()
                # (after a later statement raised, say) puts the namespaces back to this, and so
                # keeps it (it removed an import of the cell's first statement, and the cell was
                # told its code had changed the namespace).
                for fn in dynamic.functions:
                    seen.discard(_id(fn))
                dynamic = new_part()
                for mapping in namespaces:
                    watch_dict(dynamic, mapping, _list(mapping), "", True)
                quicken(dynamic)
                quicken(classes[0])  # (a class the statement defined was added to it)
            return found
        if cell is not None:  # (what was noted during the cell before has been reported)
            planted.clear()
        found = settle()  # (first: a setup or given name replaced is named, then put back below too)
        found += held_classes()
        found += fixed_written()
        planted.extend(found)
        if tainted or not same(base):
            fix(base)
        fixed_seen()
        if cell is not None:
            storing[0] = cell
        for key, value in (putting or {}).items():
            for mapping, own in _zip(namespaces, owns):
                mapping[key] = own[key] = value
        for fn in (*dynamic.functions, *classes[0].functions):
            seen.discard(_id(fn))
        for cls in classes[0].owners.values():  # (else watched in the first begin() only)
            seen.discard(_id(cls))
        dynamic, classes[0] = new_part(), new_part()
        for mapping in namespaces:
            watch_dict(dynamic, mapping, _list(mapping), "", True)
        quicken(dynamic)
        quicken(classes[0])
        owners = _list(classes[0].owners.values())
        dicts = [next((r for r in get_referents(cls.__dict__) if _type(r) is dict), None) for cls in owners]
        if _all(d is not None for d in dicts):
            class_tags[:] = [_version_tags(dicts), [], [f"the test cells' class {qualname_of(cls)}" for cls in owners],
                             dicts]
            if class_tags[0] is not None:
                class_tags[1] = class_tags[0]()
        if read_tags is not None:
            tags[:] = read_tags()
        if cell is not None and not sealed:
            seal()
        return found

    def held_classes() -> list:
        """The test cells' classes as the last begin() watched them: what was changed since the last look
        (between runs, between cells) is put back, and named."""
        found = moved_classes()
        if not same(classes[0]):
            found = found or ["an attribute of a class the test cells define"]
        if found or tainted:
            fix(classes[0])
        return found

    def moved_classes() -> list:
        if class_tags[0] is None:
            return []
        now = class_tags[0]()
        return [f"{label} (an attribute of it replaced, even if put back)"
                for label, before, after in _zip(class_tags[2], class_tags[1], now) if before != after]

    def put_back(part, dropped: list) -> None:
        """Put back what `part` watches; what it replaces or removes goes to `dropped` (see `graveyard`)."""
        put_back_inner(part, dropped)
        for mapping, key, value in _zip(part.maps, part.keys, part.values):
            if dict_get(mapping, key, missing) is not value:
                dropped.append(dict_get(mapping, key, missing))
                mapping[key] = value
        for mapping, keys, values in _zip(part.wholes, part.wkeys, part.wvalues):
            if not same_whole(mapping, keys, values):  # (never cleared: another thread may read it)
                for key, value in _zip(keys, values):
                    if dict_get(mapping, key, missing) is not value:
                        dropped.append(dict_get(mapping, key, missing))
                        mapping[key] = value
                for key in [k for k in mapping if k not in keys]:
                    dropped.append((key, mapping.pop(key, None)))
        for proxy, cls, key, value in _zip(part.proxies, part.pclasses, part.pkeys, part.pvalues):
            if proxy_get(proxy, key, missing) is not value:
                dropped.append(proxy_get(proxy, key, missing))
                own_write(type_setattr, cls, key, value)
        for attribute, getter, functions, values in _zip(attributes, getters, part.fnlists, part.fvalues):
            for fn, value in _zip(functions, values):
                if getter(fn) is not value:
                    dropped.append(getter(fn))
                    own_write(_setattr, fn, attribute, value)
        for cell, value in _zip(part.cells, part.cvalues):
            try:
                if cell.cell_contents is value:
                    continue
                dropped.append(cell.cell_contents)
            except _ValueError:
                pass
            own_write(_setattr, cell, "cell_contents", value)

    def own_write(setter, target, attribute: str, value) -> None:
        """`setter(target, attribute, value)`, the one write the hook lets through (see `busy`)."""
        busy[0] = (_thread_id(), _id(target), attribute)
        try:
            setter(target, attribute, value)
        finally:
            busy[0] = None

    def drop_added(part, dropped: list) -> None:
        for mapping, size, keep in _zip(part.sized, part.sizes, part.keysets):
            if _len(mapping) == size and mapping.keys() == keep:
                continue
            for key in _list(mapping):
                if key not in keep:
                    dropped.append((key, mapping.get(key)))
                    if _isinstance(mapping, dict):
                        del mapping[key]
                    else:
                        type_delattr(part.owners[_id(mapping)], key)

    def restore() -> None:
        """Put back everything watched (cheap when nothing changed)."""
        for part in (base, dynamic, classes[0]):
            if tainted or not same(part):
                fix(part)
        tainted.clear()
        if read_tags is not None:
            tags[:] = read_tags()
        if class_tags[0] is not None:
            class_tags[1] = class_tags[0]()

    def fix(part) -> None:
        # No collection meanwhile: its finalizers are a solution's code, run inside the guard's own work.
        # (What it replaces is kept, not all it watches: a copy of every watched namespace at each fix
        # grew a tampering solution's process by megabytes a check.)
        collecting = gc_isenabled()
        gc_disable()
        dropped: list = []
        try:
            put_back(part, dropped)
            drop_added(part, dropped)
        finally:
            if dropped:
                graveyard.append(dropped)
            if collecting:
                gc_enable()

    def changed() -> list:
        """What differs from the snapshot, or was changed since the last restore (even if
        changed back), as dotted names (empty: nothing)."""
        found: list[str] = [f"{name} (changed, then put back)" for name in tainted]
        found += [f"{name} (while the tests ran: nothing puts it back)" for name in lasting]
        found += planted
        if read_tags is not None:
            now = read_tags()
            if now != tags:
                found += [f"{label} (a name in it replaced, even if put back)"
                          for label, before, after in _zip(tag_labels, tags, now) if before != after]
        found += moved_classes()
        for part in (base, dynamic, classes[0]):
            if same(part):
                continue
            for mapping, key, value in _zip(part.maps, part.keys, part.values):
                if dict_get(mapping, key, missing) is not value:
                    found.append(f"{_name_of(mapping)}{key}")
            for proxy, key, value in _zip(part.proxies, part.pkeys, part.pvalues):
                if proxy_get(proxy, key, missing) is not value:
                    found.append(f"an attribute {key!r} of a class of the checks")
            for mapping, keys, values in _zip(part.wholes, part.wkeys, part.wvalues):
                if _id(mapping) in part.kwdefaults and not same_whole(mapping, keys, values):
                    found.append("the keyword defaults of a function of the checks")
            for mapping, size, label in _zip(part.sized, part.sizes, part.labels):
                if _len(mapping) != size:
                    found.append(f"what {label or 'the test cells'} define{'s' if label else ''} (names added or removed)")
            for attribute, getter, functions, values in _zip(attributes, getters, part.fnlists, part.fvalues):
                for fn, value in _zip(functions, values):
                    if getter(fn) is not value:
                        found.append(f"{fn.__module__}.{fn.__qualname__}.{attribute}")
            for cell, value in _zip(part.cells, part.cvalues):
                try:
                    if cell.cell_contents is value:
                        continue
                except _ValueError:
                    pass
                found.append("a variable a function of the checks closes over")
            for attribute, getter, objects, values in _zip(inner_attributes, inner_getters, part.ilists, part.ivalues):
                for obj, value in _zip(objects, values):
                    if getter(obj) is not value:
                        where = next((f"{_getattr(owner, '__qualname__', '?')}.{name}" if owner is not None else name
                                      for o, _, owner, name, _ in part.inners if o is obj), "?")
                        found.append(f"the {attribute} of {_type(obj).__name__} {where} (re-initialized in place)")
            if not found:
                found.append("the checks' own objects")
        return found

    def _name_of(mapping: dict) -> str:
        name = mapping.get("__name__") if _isinstance(mapping, dict) else None
        return f"{name}." if _isinstance(name, str) and not name.startswith("__hidden") else "the test cells' "

    def record(scenario: str, seed: Any, passed: bool, note: str = "") -> None:
        if passed and seal_broken():
            passed, note = False, seal_note()
        verdicts.append((scenario, seed, passed, note))

    def seal_note() -> str:
        shown = ", ".join(broken[:3]) + (f" and {_len(broken) - 3} more" if _len(broken) > 3 else "")
        return (f"your code changed what the checks run on after the tests began ({shown}); from then on "
                "no check can vouch for what it saw, and each fails")

    def taken() -> list:
        """The verdicts recorded since the last call, and forget them."""
        out = _list(verdicts)
        verdicts.clear()
        return out

    # The code of each function a test cell's statement defines at its top level: a scenario's.
    top_level = {_id(const) for code in tests for const in code.co_consts if _type(const) is types.CodeType}
    function_type = types.FunctionType

    def own_scenario(fn: Any) -> bool:
        """Whether `fn`, handed to explore() or run(), is a scenario of the test cells': a function one of
        their statements defines at its top level, with no closure, under its own name. Never a
        solution's function (a solution's finalizer put functions of its own, named and documented as the
        tests' scenarios, in the test cells' namespace, and every verdict passed: red-team pass 108, routes
        `pNN_gc_swaps_scenarios`), nor a helper nested in a test, nor a closure of the course's (one of
        `course.visuals` runs any scenario it is given and passes: red-team pass 109), nor another
        scenario renamed (verdicts are matched by name). (Its code is read here, in the guard's own code,
        which the audit hook lets read a test's.)"""
        if _type(fn) is not function_type:
            return False
        code, name = fn.__code__, fn.__name__
        return _id(code) in top_level and fn.__closure__ is None and _type(name) is str and name == code.co_name

    return Guard((restore, changed, begin, record, taken,
                  {_id(fn.__code__): fn.__code__ for fn in genuine}, {_id(fn.__code__): fn.__code__ for fn in runner},
                  test_codes, unraisable, calls, secret, {}, [], own_scenario, lambda: _list(seal_broken(True))))


def _readers() -> list[tuple[types.FunctionType, str]]:
    """The standard library's functions that read a function's or a coroutine's code object on
    their caller's behalf and hand back only what they make of it (a task's repr: the
    coroutine's name, file and line; a callback's source line; whether it is a coroutine
    function; its signature), each with the name of its argument whose code it reads (the same
    on Python 3.11 to 3.13)."""
    import asyncio.coroutines
    import asyncio.format_helpers
    import inspect
    return [(asyncio.coroutines._format_coroutine, "coro"), (asyncio.format_helpers._get_function_source, "func"),
            (inspect._has_code_flag, "f"), (inspect._signature_from_function, "func"), (inspect.isawaitable, "object")]




def _nested(codes: Iterable[types.CodeType]) -> Iterable[types.CodeType]:
    """Code objects and every code object defined inside them (functions, classes, comprehensions)."""
    stack = list(codes)
    while stack:
        code = stack.pop()
        yield code
        stack.extend(c for c in code.co_consts if isinstance(c, types.CodeType))


#: What binds or deletes a name in the namespace a cell's code runs in: at its top level (with
#: `import x` and `from x import y`, a `def`, a `class`), and from code nested in it (`global`).
_TOP_STORES = frozenset({"STORE_NAME", "DELETE_NAME", "STORE_GLOBAL", "DELETE_GLOBAL"})
_NESTED_STORES = frozenset({"STORE_GLOBAL", "DELETE_GLOBAL"})


def stored_names(codes: Iterable[types.CodeType | None]) -> frozenset:
    """The names a test cell's own code (a statement of it, its last expression) may bind or delete in
    the test cells' namespace: the only names that namespace may gain or change while that cell
    runs (see `begin`). Read from the compiled code (the same on Python 3.11 to 3.13), before any
    student code runs (`dis` is a module a solution could change later). (`from x import *`
    binds names its code does not hold: a test cell that used it would see them put back.)"""
    names: set = set()
    for top in codes:
        if top is None:
            continue
        for code in _nested([top]):
            stores = _TOP_STORES if code is top else _NESTED_STORES
            for instruction in _get_instructions(code):
                if instruction.opname in stores:
                    names.add(instruction.argval)
                elif code is top and instruction.opname == "SETUP_ANNOTATIONS":
                    names.add("__annotations__")  # (`x: int = 1` at top level makes it)
    return frozenset(names)


def find() -> Guard | None:
    """The check process's guard, if the caller is the genuine runner started by a test cell.

    Walks up from the caller: every frame must run one of the guard's runner
    functions until a genuine entry point (`explore`, `run`); the frame above
    that must be the test cell that the check process's main function runs (its
    code is that function's local `__course_cell__`), directly below it. Anything else (student code
    calling `explore`, a kernel with no check process) gets None.
    """
    frame = _getframe(1)
    path = []
    while frame is not None:
        guard = frame.f_locals.get(LOCAL) if LOCAL in frame.f_code.co_varnames else None
        if isinstance(guard, Guard):
            break
        path.append(frame)
        frame = frame.f_back
    else:
        return None
    # path: [find's caller ... entry point, the test cell]; frame: main
    if len(path) < 2 or path[-1].f_code is not frame.f_locals.get("__course_cell__"):
        return None
    entry, inner = path[-2], path[:-2]
    if identity(entry.f_code) not in guard.genuine or any(identity(f.f_code) not in guard.runner for f in inner):
        return None
    return guard
