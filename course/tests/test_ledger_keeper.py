"""The ledger keeper (course.testing._trace._doorkeeper): which code it answers, by code object."""

from __future__ import annotations

import gc
import pkgutil
import sys
import types
from pathlib import Path

import course.testing
from course.testing import _loop, _trace


def _functions_made_from(path: Path) -> set[tuple[str, int]]:
    """(name, first line) of every function alive now whose code the file holds, and of the
    functions, lambdas and comprehensions defined inside them (gc: this is the test's side)."""
    found: set[tuple[str, int]] = set()

    def walk(code: types.CodeType) -> None:
        found.add((code.co_name, code.co_firstlineno))
        for const in code.co_consts:
            if isinstance(const, types.CodeType):
                walk(const)

    for obj in gc.get_objects():
        if isinstance(obj, types.FunctionType) and obj.__code__.co_filename == str(path):
            walk(obj.__code__)
    return found


def test_the_keeper_knows_every_function_of_the_harness_by_its_code():
    """Every function the harness's files made is in the keeper's table, so the keeper answers it
    (a function it did not know would get None, and check as if outside a run)."""
    modules = [__import__(f"course.testing.{info.name}", fromlist=["_"])
               for info in pkgutil.iter_modules(course.testing.__path__)]
    table = _trace.harness_codes(modules)
    for module in modules:
        path = Path(module.__file__)
        known = {(code.co_name, code.co_firstlineno) for code in table if code.co_filename == str(path)}
        assert _functions_made_from(path) - known == set(), path.name
        assert all(name == module.__name__.rpartition(".")[2] for code, name in table.items()
                   if code.co_filename == str(path))
    # and the keeper itself was given all of them when the package was imported
    assert len(_trace._KEEPER.gi_frame.f_locals["harness"]) == len(table)


def test_the_keeper_answers_no_one_outside_a_run_and_no_solution_inside_one():
    assert _trace.find_ledger(sys._getframe()) is None
    assert _trace.ask_ledger(sys._getframe()) is None
    ledger = types.SimpleNamespace(changed=[], forged=[])

    def asked_by_a_solution(_):
        here = sys._getframe()
        return _trace.find_ledger(here), _trace.ask_ledger(here), _trace.find_ledger_for(here, here.f_back)

    def asked_by_the_harness(_):
        loop = _loop.VirtualTimeLoop()
        try:
            return loop._plans(sys._getframe())[0]
        finally:
            loop.close()

    assert _trace.drive(ledger, asked_by_a_solution, None) == (None, None, None)
    ledger.plan, ledger.suspensions, ledger.awaiting = {"planned": 1}, None, None
    # `_plans` hands the ledger's tables on: to the harness's own code only, not to this test.
    assert _trace.drive(ledger, asked_by_the_harness, None) is not ledger.plan
    assert isinstance(ledger.harness, dict) and ledger.harness  # the keeper's table, handed at `begin`
    # Only `drive` starts and ends a run; a second `begin` inside one is refused.
    assert _trace.ask_ledger(("begin", ledger, sys._getframe())) is None
    assert _trace.find_ledger(sys._getframe()) is None

    def nested(_):
        return _trace.drive(types.SimpleNamespace(changed=[], forged=[]), lambda _: "inner", None)

    try:
        _trace.drive(ledger, nested, None)
    except RuntimeError as exc:
        assert "inside a check" in str(exc)
    else:
        raise AssertionError("a run inside a run was not refused")
    assert "a run of the checks' runner started inside the run" in ledger.changed


def test_no_function_of_the_harness_takes_the_ledger_lookup_as_a_parameter():
    """A default argument is the caller's to replace (`emit(..., _find=relay)`): a function that
    hands its frame to a callable taken as a parameter hands it to the caller's code, which can
    send it on to the keeper through C code (red-team pass 38). The lookups are called by name."""
    lookups = {id(_trace.ask_ledger), id(_trace.find_ledger), id(_trace.find_ledger_for), id(id)}
    modules = [__import__(f"course.testing.{info.name}", fromlist=["_"])
               for info in pkgutil.iter_modules(course.testing.__path__)]
    offenders = []
    for obj in gc.get_objects():
        if isinstance(obj, types.FunctionType) and any(obj.__code__.co_filename == m.__file__ for m in modules):
            defaults = (*(obj.__defaults__ or ()), *(obj.__kwdefaults__ or {}).values())
            # (`_doorkeeper` called with other defaults makes a new keeper, which no run ever begins in.)
            if any(id(value) in lookups for value in defaults) and obj is not _trace._doorkeeper:
                offenders.append(obj.__qualname__)
    assert offenders == []


def test_an_exception_raised_in_the_keeper_is_handed_back_and_the_keeper_lives_on():
    """The runner's watchdog stops a run by raising in its thread wherever it is, inside the keeper
    too: raised where the keeper was asked, the keeper still answering afterwards (CI on 03b7c18:
    a spinning P01 solution's stop landed in it, and every later check of the problem failed with
    StopIteration)."""
    answer = _trace._KEEPER.throw(SystemExit("stopped"))
    try:
        bool(answer)
    except SystemExit as exc:
        assert str(exc) == "stopped"
    else:
        raise AssertionError("the exception was not handed back")
    assert _trace.find_ledger(sys._getframe()) is None  # alive: no StopIteration
    ledger = types.SimpleNamespace(changed=[], forged=[])
    assert _trace.drive(ledger, lambda _: "ran", None) == "ran"
