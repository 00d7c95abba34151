"""The check process's guard: what student code changes in the checks' world is named and put back,
and only the genuine runner, started by the test cell the check process runs, can find the guard."""

from __future__ import annotations

import types

from course.testing import _guard


def _world():
    module = types.ModuleType("course_fake_checks")
    exec("class Judge:\n    def verdict(self):\n        return 'fair'\n\n"
         "def require(ok):\n    if not ok:\n        raise AssertionError('no')\n\n"
         "def counter():\n    n = 0\n    def next_():\n        nonlocal n\n        n += 1\n        return n\n"
         "    return next_\n\nTICK = counter()\n\n"
         "def explore(scenario, *, seeds=20):\n    return seeds\n", module.__dict__)
    module.Judge.__module__ = module.__name__
    tests = {"require": module.require}
    guard = _guard.build(own=[module], used=[], fixed=[], watched=[tests], genuine=[], runner=[])
    guard.begin()
    return module, tests, guard


def test_nothing_changed_is_nothing_reported():
    _, _, guard = _world()
    assert guard.changed() == []


def test_each_kind_of_change_is_named_and_put_back():
    module, tests, guard = _world()
    original_code, original_verdict = module.require.__code__, module.Judge.verdict
    cheats = [
        lambda: setattr(module.require, "__code__", (lambda ok: None).__code__),
        lambda: setattr(module.Judge, "verdict", lambda self: "pass"),
        lambda: setattr(module.Judge, "__eq__", lambda self, other: True),
        lambda: module.__dict__.__setitem__("require", lambda ok: None),
        lambda: module.__dict__.__setitem__("extra", 1),
        lambda: tests.__setitem__("require", lambda ok: None),
        lambda: tests.__setitem__("added", print),
        lambda: setattr(module.TICK.__closure__[0], "cell_contents", 10**6),
        # A function's keyword defaults are a dict: changed in place, no assignment is made.
        lambda: module.explore.__kwdefaults__.__setitem__("seeds", 0),
        lambda: module.__dict__.pop("Judge"),
    ]
    for cheat in cheats:
        cheat()
        assert guard.changed(), cheat
        guard.restore()
        assert guard.changed() == [], cheat
    assert module.require.__code__ is original_code and module.Judge.verdict is original_verdict
    assert "__eq__" not in vars(module.Judge) and "extra" not in vars(module) and "added" not in tests
    assert tests["require"] is module.require
    assert module.explore(None) == 20 and "Judge" in vars(module)


def test_a_change_put_back_before_the_guard_looks_is_still_seen():
    """A module global or a class attribute swapped (a spy handed what the checks pass it) and put
    back before the guard looks leaves everything as it was, but moves the dict's version tag
    (red-team pass 39); the standard-library modules the checks use are watched the same way."""
    import heapq

    module = types.ModuleType("course_fake_checks")
    exec("class Judge:\n    def verdict(self):\n        return 'fair'\n\ndef require(ok):\n    return ok\n",
         module.__dict__)
    module.Judge.__module__ = module.__name__
    guard = _guard.build(own=[module], used=[heapq], fixed=[], watched=[], genuine=[], runner=[])
    guard.begin()
    guard.restore()
    original_verdict, original_pop = module.Judge.verdict, heapq.heappop

    def swap_back(namespace_set, value, original):
        namespace_set(value)
        namespace_set(original)

    cheats = {
        "the module course_fake_checks": lambda: swap_back(
            lambda v: module.__dict__.__setitem__("require", v), print, module.require),
        "the class course_fake_checks.Judge": lambda: swap_back(
            lambda v: type.__setattr__(module.Judge, "verdict", v), print, original_verdict),
        "the module heapq": lambda: swap_back(
            lambda v: vars(heapq).__setitem__("heappop", v), print, original_pop),
    }
    for label, cheat in cheats.items():
        assert guard.changed() == []
        cheat()
        assert any(found.startswith(label) for found in guard.changed()), label
        guard.restore()
    assert module.Judge.verdict is original_verdict and heapq.heappop is original_pop


def test_the_guard_is_never_handed_to_code_outside_a_check_process():
    assert _guard.find() is None

    def main():
        __course_guard__ = _world()[2]  # noqa: F841 (what find looks for)
        __course_cell__ = None  # noqa: F841
        return _guard.find()
    # A function named main holding a guard is not enough: find() must be called by the
    # genuine runner, from an entry point, from the cell main is running.
    assert main() is None


def test_a_constant_table_of_the_checks_is_watched_even_when_put_back():
    """A dict the checks keep as a constant (a global named in capitals, and the dicts in it)
    is watched whole and by its version tag: an entry replaced, or replaced and put back before
    the guard looks, is seen (red-team pass 45 took a thread out of a dict of the checks' state
    around a blocking call). A dict a module keeps as its state (lower case) is the checks' to
    change."""
    module = types.ModuleType("course_fake_checks")
    exec("_REAL = {'sleep': print, 'inner': {'x': 1}}\n_state = {}\n", module.__dict__)
    guard = _guard.build(own=[module], used=[], fixed=[], watched=[], genuine=[], runner=[])
    guard.begin()
    guard.restore()
    original = module._REAL["sleep"]
    cheats = {
        "replaced": lambda: module._REAL.__setitem__("sleep", len),
        "put back": lambda: (module._REAL.__setitem__("sleep", len), module._REAL.__setitem__("sleep", original)),
        "inner, put back": lambda: (module._REAL["inner"].__setitem__("x", 2), module._REAL["inner"].__setitem__("x", 1)),
        "added and removed": lambda: (module._REAL.__setitem__("new", 1), module._REAL.pop("new")),
    }
    for what, cheat in cheats.items():
        assert guard.changed() == [], what
        cheat()
        assert any("_REAL" in found for found in guard.changed()), what
        guard.restore()
        assert module._REAL["sleep"] is original and module._REAL["inner"] == {"x": 1}, what
    module._state["anything"] = 1
    assert guard.changed() == []


def test_every_attribute_of_a_class_a_test_cell_defines_is_watched_from_each_begin():
    """A test cell's class is reached by a solution through the objects a scenario hands it: any
    attribute of it, whatever it was when the guard looked (None, here: red-team pass 60 set the one
    P03's event read its step numbers through), replaced during a run fails it, even if put back, and
    one replaced between runs or cells is put back and named; in every begin(), not the first only."""
    tests = {"__name__": "__hidden_tests__"}
    exec("class Watched:\n    steps = None\n\n    def look(self):\n        return type(self).steps\n", tests)
    guard = _guard.build(own=[], used=[], fixed=[], watched=[tests], genuine=[], runner=[])
    cls = tests["Watched"]
    for _ in range(2):
        guard.begin(frozenset())  # (a test cell starts: what an earlier begin() put back is forgotten)
        guard.restore()
        assert guard.changed() == []
        type.__setattr__(cls, "steps", print)
        assert guard.changed()
        guard.restore()
        assert cls.steps is None and guard.changed() == []
        type.__setattr__(cls, "steps", print)
        type.__setattr__(cls, "steps", None)
        assert any("Watched" in found for found in guard.changed())
        guard.restore()
        type.__setattr__(cls, "added", 1)
        assert guard.begin() and "added" not in vars(cls)


_QUICKENED = r"""
import builtins, sys, types
from course.testing import _guard, _versions

class Names(dict):  # as the test cells' builtins are (problem_process._Names): a dict subclass
    __slots__ = ()

module = types.ModuleType("checks")
module.table = {"a": 1}
tests = {"__name__": "__hidden_tests__"}
guard = _guard.build(own=[module], used=[], fixed=[(Names(vars(builtins)), True), ({"x": 1}, True)],
                     watched=[tests], genuine=[], runner=[], audit=True)
guard.begin(frozenset())
assert guard.changed() == [], guard.changed()
cells = {name: cell.cell_contents for name, cell in zip(guard.changed.__code__.co_freevars, guard.changed.__closure__)}
parts = {"base": cells["base"], "dynamic": cells["dynamic"], "classes": cells["classes"][0]}
print(_versions.SUPPORTED, sorted(name for name, part in parts.items() if part.quick is None))
"""


def test_with_the_audit_hook_every_part_of_the_guard_reads_version_tags():
    """With the audit hook on (as in a check process), a look skips every dict whose version tag
    has not moved: each part of what the guard watches has its tags' views (`quick`), a dict
    subclass's as a dict's. (From red-team pass 48 on, the test cells' builtins were a dict
    subclass that `quicken` took for a mappingproxy; it gave up on the whole base part, and every
    look compared it entry by entry: correct, ~15% slower.) In a subprocess: the hook stays for
    the life of the process that adds it."""
    import subprocess
    import sys

    out = subprocess.run([sys.executable, "-c", _QUICKENED], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split("\n")[0] == "True []", out.stdout


def test_once_the_first_test_cell_began_any_write_to_the_checks_world_fails_every_later_verdict():
    """The seal (red-team pass 111): before the first test cell, a change is put back silently; from
    its start, a write to a watched namespace, even put back before anyone looked, or a function's
    code given another, fails every verdict recorded after it, for good."""
    module, tests, guard = _world()
    module.__dict__["require"] = print  # (by the solution cell, before any test: put back silently)
    guard.begin(frozenset())  # main's first test cell
    assert module.require is not print and guard.broken() == []
    guard.record("scenario", 0, True)
    real = module.require
    module.__dict__["require"] = lambda ok: None
    module.__dict__["require"] = real  # put back: nothing differs now
    guard.record("scenario", 1, True)
    guard.restore()
    guard.begin(frozenset())  # a later cell: the seal stays broken
    guard.record("scenario", 2, True)
    verdicts = guard.verdicts()
    assert [(seed, passed) for _, seed, passed, _ in verdicts] == [(0, True), (1, False), (2, False)]
    assert "written after the tests began" in verdicts[1][3] and guard.broken()


def test_the_seal_sees_a_functions_code_given_another():
    module, tests, guard = _world()
    guard.begin(frozenset())
    original = module.require.__code__
    module.require.__code__ = (lambda ok: None).__code__
    module.require.__code__ = original  # (no audit hook in this unit test: the comparison sees what is there)
    guard.record("scenario", 0, True)
    assert guard.verdicts()[0][2] is True
    module.require.__code__ = (lambda ok: None).__code__
    guard.record("scenario", 1, True)
    (verdict,) = guard.verdicts()
    assert verdict[2] is False and "__code__" in verdict[3]
