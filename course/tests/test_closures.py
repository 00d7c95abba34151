"""The checks keep nothing in closure cells that a solution could reach (red-team pass 45).

A closure cell (`fn.__closure__[i].cell_contents`, writable from Python) has no version tag:
a solution can replace one and put it back between two looks of the guard
(`course.testing._guard`), unseen. Red-team pass 45 did exactly that with the `object` in the
cell of a frozen dataclass's `__init__` (every `Handout` record a P11 test read said
"healthy"), and reached the run's ledger through the cell of a lambda given to the runner's
watchdog thread (`threading.enumerate()` -> its `_args`). So the functions of the checks
(every module a check process loads from `course.testing`, and `course.problem_process`) have
no closure cells, but for comprehensions (run at once, never handed out) and the few listed
below, each held only where a solution cannot reach it without frame objects.
"""

from __future__ import annotations

import importlib
import pkgutil
import sys
import types
from pathlib import Path

import course.testing

ROOT = Path(__file__).resolve().parents[1]
CHECKS = sorted({f"course.testing.{info.name}" for info in pkgutil.iter_modules(course.testing.__path__)}
                | {"course.testing", "course.problem_process", "course.zygote"})
COMPREHENSIONS = {"<listcomp>", "<dictcomp>", "<setcomp>", "<genexpr>"}
# Functions with closure cells that no solution can reach: (module, qualified name prefix) -> why.
HELD_OUT_OF_REACH = {
    ("course.testing._guard", "build.<locals>."): "the guard's own: held only by the guard, which only "
                                                   "the check process's main holds (in a local)",
    ("course.testing._guard", "_version_tags.<locals>."): "made by the guard's build, held only by the guard",
    ("course.testing._trace", "harness_codes.<locals>."): "run once, when course.testing is imported, "
                                                          "before any solution; never kept",
    ("course.problem_process", "_main.<locals>.report"): "a local of main, never handed out",
    ("course.zygote", "_writable_places.<locals>."): "run by the check server before any job, never kept",
}


def _held_out_of_reach(module: str, qualname: str) -> bool:
    return any(module == held and qualname.startswith(prefix) for held, prefix in HELD_OUT_OF_REACH)


def _nested(code: types.CodeType):
    for constant in code.co_consts:
        if isinstance(constant, types.CodeType):
            yield constant
            yield from _nested(constant)


def test_no_function_of_the_checks_is_written_with_a_closure():
    """Every function written in the checks' source: no free variables (a comprehension aside)."""
    found = []
    for name in CHECKS:
        path = Path(importlib.util.find_spec(name).origin)
        for code in _nested(compile(path.read_text(), str(path), "exec")):
            if code.co_freevars and code.co_name not in COMPREHENSIONS and not _held_out_of_reach(name, code.co_qualname):
                found.append(f"{name}: {code.co_qualname} (line {code.co_firstlineno}) closes over "
                             f"{', '.join(code.co_freevars)}")
    assert not found, "\n".join(found)


def _reachable_functions():
    """(path, function) for every Python function reached from the checks' modules' globals
    through classes defined in them, containers, descriptors and functions' defaults."""
    for name in CHECKS:
        importlib.import_module(name)
    seen: set[int] = set()
    stack = [(value, f"{name}.{key}") for name in CHECKS for key, value in vars(sys.modules[name]).items()
             if not isinstance(value, types.ModuleType)]
    while stack:
        value, path = stack.pop()
        if id(value) in seen:
            continue
        seen.add(id(value))
        if isinstance(value, types.FunctionType):
            yield path, value
            stack += [(value.__defaults__ or (), f"{path}.__defaults__"),
                      (value.__kwdefaults__ or {}, f"{path}.__kwdefaults__")]
        elif isinstance(value, (staticmethod, classmethod)):
            stack.append((value.__func__, path))
        elif isinstance(value, property):
            stack += [(f, path) for f in (value.fget, value.fset, value.fdel) if f is not None]
        elif isinstance(value, type):
            if value.__module__ in CHECKS:  # a class of the checks (not the standard library's)
                stack += [(attribute, f"{path}.{key}") for key, attribute in vars(value).items()]
        elif isinstance(value, (dict, types.MappingProxyType)):
            stack += [(item, f"{path}[{key!r}]") for key, item in value.items()
                      if not isinstance(item, types.ModuleType)]
        elif isinstance(value, (list, tuple, set, frozenset)):
            stack += [(item, f"{path}[{i}]") for i, item in enumerate(value)]


def test_no_function_the_checks_hold_has_a_closure_cell():
    """What the checks' modules and classes hold, generated methods included (dataclasses',
    NamedTuple's, contextlib's wrappers: each keeps its helpers in closure cells)."""
    found = [f"{path}: {fn.__qualname__} closes over {', '.join(fn.__code__.co_freevars)}"
             for path, fn in _reachable_functions()
             if fn.__closure__ and not _held_out_of_reach(fn.__module__ or "", fn.__qualname__)
             and (fn.__module__ or "").startswith("course")]
    assert not found, "\n".join(found)


def test_the_walk_reaches_what_the_checks_generate():
    """The walk above sees generated methods and functions kept in dicts (so its silence means
    something): a record's __eq__, a traced list's method, a patched clock."""
    from course.testing import _isolation, _primitives, _resources

    reached = {id(fn) for _, fn in _reachable_functions()}
    for fn in (_resources.Handout.__eq__, _primitives.TracedList.append, _isolation._PATCHED["monotonic"]):
        assert id(fn) in reached, fn
