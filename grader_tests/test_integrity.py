"""Checks that student code cannot fool, and hidden tests it cannot read (real nbgrader, real sandbox).

One class is graded once. Each attacker hands in 1_easy.ipynb with a P01
solution that tries one route to points its code does not earn (the routes
a motivated student finds by reading the `course` package: see the README's
threat model), wrapped around an `increment` that does nothing (or, for the
routes that forge what a run recorded, one that races: no lock). The honest
students hand in that same `increment` alone.

Everyone's P02 and P03 are as released, unsolved (a route that lent a
neighbour problem points would show there as points on a placeholder).

The fair outcome: no attacker scores, on any cell, more than the honest
student (P01, and the unsolved P02 and P03): a route earns nothing beyond
what the code does (an attack the checks catch may cost a point the
do-nothing code would have kept); and no text of a hidden test appears in any
graded notebook. Attackers who patch things
while their solution cell runs, around a correct `increment`, keep full marks:
the checks put back what they run on before they start.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import SOURCE, Course, cells_by_grade_id, error_text, load
from test_submissions import _released, build_submission

pytestmark = pytest.mark.slow

NAME = "1_easy.ipynb"
HONEST = "honest-stub"
STUB = "async def increment(counter, lock, n):\n    return None\n"
CORRECT = cells_by_grade_id(build_submission(NAME, {}))["p01_solution"].source

# Each route: code put before the stub's definition (or wrapping it).
ROUTES = {
    # The four, and their kin.
    "fake-module": """
import sys, types
fake = types.ModuleType("course.testing")
fake.__getattr__ = lambda name: (lambda *a, **k: None)
sys.modules["course.testing"] = fake
""" + STUB,
    "meta-path-finder": """
import sys, types, importlib.abc, importlib.machinery
class Finder(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    def find_spec(self, name, path=None, target=None):
        if name.startswith("course.testing"):
            return importlib.machinery.ModuleSpec(name, self)
    def create_module(self, spec):
        module = types.ModuleType(spec.name)
        module.__getattr__ = lambda name: (lambda *a, **k: None)
        return module
    def exec_module(self, module):
        pass
sys.meta_path.insert(0, Finder())
for name in [n for n in sys.modules if n.startswith("course.testing")]:
    del sys.modules[name]
""" + STUB,
    "input-transformer": """
def blank(lines):
    return ["pass\\n"] if any("course.testing" in line for line in lines) else lines
get_ipython().input_transformers_cleanup.append(blank)
get_ipython().input_transformers_post.append(lambda lines: blank(lines))
""" + STUB,
    "runner-stop": """
import threading
from course.testing import _runner
async def increment(counter, lock, n):
    if threading.current_thread().name != "MainThread" or True:
        raise _runner._Stop()
""",
    "stop-found-by-subclasses": """
def _all(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _all(sub)
STOP = next(c for c in _all(BaseException) if c.__name__ == "_Stop")
async def increment(counter, lock, n):
    raise STOP()
""",
    "require-replaced": """
import types, course.testing, course.testing._failures as failures
noop = lambda *a, **k: None
async def increment(counter, lock, n):
    types.ModuleType.__setattr__(failures, "require", noop)
    vars(course.testing)["require"] = noop
    failures.require.__code__ = noop.__code__
""",
    "runner-replaced-through-globals": """
def _all(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _all(sub)
explored = next(c for c in _all(list) if c.__name__ == "Explored")
runner = explored.__repr__.__globals__
async def increment(counter, lock, n):
    runner["_untidiness"] = lambda *a, **k: None
    runner["_tampering"] = lambda names: None
    runner["solution_error"] = lambda exc: None
    raise RuntimeError("never judged, if the runner believed the replacements")
""",
    "builtins-and-asyncio-patched": """
import asyncio, builtins
async def increment(counter, lock, n):
    builtins.isinstance = lambda *a: True
    asyncio.gather = lambda *aws, **kw: asyncio.sleep(0)
    counter[0] = "30"
""",
    "loop-class-patched": """
from course.testing._loop import VirtualTimeLoop
import course.testing._failures as failures
async def increment(counter, lock, n):
    failures.CheckFailed.__init__ = lambda self, *a, **k: None
    VirtualTimeLoop.run_until_complete = lambda self, future: None
""",
    "patch-and-put-back": """
import course.testing._failures as failures
real = failures.require.__code__
async def increment(counter, lock, n):
    failures.require.__code__ = (lambda *a, **k: None).__code__
    try:
        return None
    finally:
        failures.require.__code__ = real  # back before the check ends: the guard looks during the run
""",
    "trace-forged": """
async def increment(counter, lock, n):
    for traced in (counter, lock):
        trace = getattr(traced, "_trace", None)
        if trace is None:
            continue
        name = getattr(counter, "name", "counter")
        for _ in range(n):  # what a correct increment would have recorded, without doing it
            trace.record(name, "read", (0, 0))
            trace.record(name, "write", (0, 1))
        if hasattr(lock, "_hold"):
            lock._hold()
            lock._unhold()
        del trace.events[:]
""",
    "json-encoder-replaced": """
import json
class Forge(json.JSONEncoder):
    def encode(self, o):
        if isinstance(o, dict) and isinstance(o.get("verdicts"), list):
            o["verdicts"] = [[v[0], v[1], True, ""] for v in o["verdicts"]]
            o["outputs"] = [x for x in o["outputs"] if x.get("output_type") != "error"]
        return super().encode(o)
json._default_encoder = Forge()
""" + STUB,
    "report-channel-flooded": """
import os
async def increment(counter, lock, n):
    for fd in range(3, 256):
        try:
            os.write(fd, b'{"id": "p01_test_total", "outputs": [], "verdicts": []}\\n')
        except OSError:
            pass
""",
    # Mark every task of the run done from outside (through asyncio.Future's own method),
    # detached from what it waited on, so no check runs to its end.
    "tasks-ended-from-outside": """
import asyncio
def _end_everything(loop):
    for task in list(asyncio.all_tasks(loop)):
        waiter = task._fut_waiter
        if waiter is not None:
            for callback, _ in list(waiter._callbacks or ()):
                if getattr(callback, "__self__", None) is task:
                    waiter.remove_done_callback(callback)
        for handle in list(loop._ready):
            if getattr(handle._callback, "__self__", None) is task:
                handle.cancel()
        asyncio.Future.set_result(task, None)
async def increment(counter, lock, n):
    loop = asyncio.get_running_loop()
    loop.call_later(1.2345e-6, _end_everything, loop)
    await loop.create_future()
""",
    # Print the hidden tests' compiled code: handed to an audit hook by `exec`, or read from a
    # test's task.
    "hidden-code-disassembled": """
import asyncio, dis, io, sys
def _show(code):
    text = io.StringIO()
    dis.dis(code, file=text)
    sys.stdout.write(text.getvalue())
sys.addaudithook(lambda event, args: _show(args[0]) if event == "exec" and hasattr(args[0], "co_code") else None)
async def increment(counter, lock, n):
    for task in asyncio.all_tasks():
        _show(asyncio.Task.get_coro(task).cr_code)
""",
    "hidden-test-reader": """
import linecache, os, sys
def _everything():
    found = [repr(linecache.cache)[:100000], " ".join(sys.argv), repr(globals().get("In", ""))]
    for path in ("/proc/self/cmdline", "/proc/self/environ"):
        try:
            found.append(open(path, "rb").read().decode("latin-1"))
        except OSError:
            pass
    for folder in (".", os.path.expanduser("~"), "/tmp"):
        for root, _, files in os.walk(folder):
            for name in files:
                try:
                    found.append(open(os.path.join(root, name), errors="replace").read(100000))
                except OSError:
                    pass
    return "\\n".join(found)
async def increment(counter, lock, n):
    print(_everything())
""",
}

# An increment that races (no lock): what it earns on its own is what each route wrapped
# around it may earn, no more.
RACY_HONEST = "honest-racy"
RACY = ("import asyncio\nasync def increment(counter, lock, n):\n    for _ in range(n):\n"
        "        value = counter[0]\n        await asyncio.sleep(0)\n        counter[0] = value + 1\n")
RACY_ROUTES = {
    # Claim to hold the lock where the checks look for holders (a traced lock's `_holders`).
    "lock-holders-forged": """
import asyncio
async def increment(counter, lock, n):
    for _ in range(n):
        value = counter[0]
        await asyncio.sleep(0)
        holders = getattr(lock, "_holders", {})
        me = asyncio.current_task()
        holders[me] = 1
        try:
            counter[0] = value + 1
        finally:
            holders.pop(me, None)
""",
    # A function of the solution's with the ledger's local name, so its writes go elsewhere.
    "ledger-local-shadowed": """
import asyncio, types
async def increment(counter, lock, n):
    __course_ledger__ = types.SimpleNamespace(events=[], levels={}, peaks={}, forged=[], tests=frozenset(),
        objects={}, holders={}, resources={}, tracked={}, plan={}, suspensions={}, now=0.0,
        clock=lambda: 0.0, current_task=lambda: None)
    for _ in range(n):
        value = counter[0]
        await asyncio.sleep(0)
        counter[0] = value + 1
""",
    # Make the schedule asyncio's FIFO order, and stop the clock the checks read.
    "schedule-and-clock-fixed": """
import asyncio
async def increment(counter, lock, n):
    loop = asyncio.get_running_loop()
    rng = getattr(loop, "_rng", None)
    if rng is not None:
        rng.shuffle = lambda batch: None
    getattr(loop, "_cancel_plan", {}).clear()
    for _ in range(n):
        value = counter[0]
        await asyncio.sleep(0)
        counter[0] = value + 1
""",
}

# Patches made while the solution cell runs, around a correct increment: put back before each
# check, so they cost nothing (a student's experiments are not an attack on the checks).
PATCHED_AT_DEFINITION = """
import asyncio, builtins
import course.testing._failures as failures
builtins.len = lambda x: 0
asyncio.sleep = None
failures.require.__code__ = (lambda *a, **k: None).__code__
""" + CORRECT

# Source lines inside hidden-test regions (not string constants: no compiled form holds them),
# that appear nowhere else in the notebook: a line a given cell has too (`await asyncio.sleep(0.001)`,
# simulated_io's body) is no secret, and a solution may print it.
_SHOWN = "\n".join(cell.source.split("### BEGIN HIDDEN TESTS")[0] for cell in load(SOURCE / NAME).cells)
HIDDEN_LINES = sorted({line.strip() for cell in load(SOURCE / NAME).cells
                       if "BEGIN HIDDEN TESTS" in cell.source
                       for line in cell.source.split("### BEGIN HIDDEN TESTS")[1].splitlines()
                       if line.strip().startswith(("for ", "await ", "counter, lock"))} - {
                           line.strip() for line in _SHOWN.splitlines()})


# Test cells with hidden tests.
HIDDEN_CELLS = {cell.metadata["nbgrader"]["grade_id"] for cell in load(SOURCE / NAME).cells
                if "BEGIN HIDDEN TESTS" in cell.source}


@pytest.fixture(scope="module")
def graded(prepared_course, tmp_path_factory):
    course = Course(tmp_path_factory.mktemp("integrity") / "course")
    shutil.copytree(prepared_course, course.path)
    with open(course.path / "nbgrader_config.py", "a") as config:
        config.write("\nc.Execute.timeout = 10\n")  # one attacker's demo cell hangs its kernel: bounded
    unsolved = {grade_id: source for grade_id, source in _released(NAME).items() if grade_id != "p01_solution"}

    def handed_in(p01: str):
        return {NAME: build_submission(NAME, {"p01_solution": p01, **unsolved})}

    course.submit(HONEST, handed_in(STUB))
    course.submit(RACY_HONEST, handed_in(RACY))
    for route, code in RACY_ROUTES.items():
        course.submit(f"atk-{route}", handed_in(code))
    course.submit("patched-at-definition", handed_in(PATCHED_AT_DEFINITION))
    for route, code in ROUTES.items():
        course.submit(f"atk-{route}", handed_in(code))
    return course, course.autograde()


@pytest.mark.parametrize("route", sorted(ROUTES) + sorted(RACY_ROUTES))
def test_a_route_earns_nothing_beyond_what_the_code_does(graded, route):
    course, scores = graded
    baseline = RACY_HONEST if route in RACY_ROUTES else HONEST
    honest, attacker = scores[baseline][NAME.removesuffix(".ipynb")], scores[f"atk-{route}"][NAME.removesuffix(".ipynb")]
    cells = cells_by_grade_id(course.graded_notebook(f"atk-{route}", NAME))
    assert set(attacker) == set(honest)
    wrong = [f"{gid}: {cell.score}/{cell.max_score}, honest {honest[gid].score} ({error_text(cells[gid]) or 'no error'})"
             for gid, cell in sorted(attacker.items()) if cell.score > honest[gid].score]
    assert not wrong, f"{route}:\n" + "\n".join(wrong)


def test_patches_made_while_the_solution_cell_runs_cost_nothing(graded):
    course, scores = graded
    cells = cells_by_grade_id(course.graded_notebook("patched-at-definition", NAME))
    wrong = [f"{gid}: {cell.score}/{cell.max_score} ({error_text(cells[gid])})"
             for gid, cell in scores["patched-at-definition"]["1_easy"].items()
             if gid.startswith("p01_") and cell.score != cell.max_score]
    assert not wrong, "\n".join(wrong)


def test_no_graded_notebook_holds_hidden_test_source(graded):
    course, scores = graded
    assert len(HIDDEN_LINES) >= 3, HIDDEN_LINES
    for student in scores:
        text = Path(course.path / "autograded" / student / "async_patterns" / NAME).read_text()
        outputs = "".join(str(cell.get("outputs", "")) for cell in load(course.path / "autograded" / student /
                                                                           "async_patterns" / NAME).cells)
        leaked = [line for line in HIDDEN_LINES if line in outputs]
        assert not leaked, f"{student}'s graded outputs show hidden test lines: {leaked}"
        # Compiled code in a hidden cell's outputs (a demo or a visible check may print its own).
        graded = load(course.path / "autograded" / student / "async_patterns" / NAME)
        in_hidden = "".join(str(cell.get("outputs", "")) for cell in graded.cells
                            if cell.metadata.get("nbgrader", {}).get("grade_id") in HIDDEN_CELLS)
        disassembled = [marker for marker in ("Disassembly of", "LOAD_CONST") if marker in in_hidden]
        assert not disassembled, f"{student}'s hidden cells' graded outputs show compiled code ({disassembled})"
        assert text  # the notebook was graded and written
