"""Source notebooks: no outputs, valid, canonical, and keeping the contract's names."""

from __future__ import annotations

import ast
import re

import nbformat
import pytest
from nbgrader.nbgraderformat import MetadataValidator

from conftest import NOTEBOOKS, RELEASE, SOURCE, load
from course.tools.notebooks import format_notebooks

# The contract (../shared/CURRICULUM.md): problems per notebook and their points.
TIERS = {
    "1_easy.ipynb": {f"p{k:02d}": 10 for k in (1, 2, 3)},
    "2_medium.ipynb": {f"p{k:02d}": 15 for k in (4, 5, 6, 7)},
    "3_hard.ipynb": {f"p{k:02d}": 20 for k in (8, 9, 10, 11)},
}
# Problems not written yet: each has a clearly marked placeholder instead.
# A problem leaves this set in the change that implements it.
PENDING: set[str] = set()


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_committed_without_outputs(name):
    for cell in load(SOURCE / name).cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, f"{name}:{cell.id} has outputs"


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_valid_nbformat_and_nbgrader_metadata(name):
    nb = load(SOURCE / name)
    nbformat.validate(nb)
    MetadataValidator().validate_nb(nb)


def test_canonical_formatting():
    paths = sorted(SOURCE.glob("*.ipynb"))
    assert format_notebooks(paths, check=True) == [], "run `course fmt` and commit"


def test_notebook_names_are_the_contracts():
    assert set(NOTEBOOKS) <= set(TIERS), f"unexpected notebooks: {set(NOTEBOOKS) - set(TIERS)}"
    assert "1_easy.ipynb" in NOTEBOOKS


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_problem_cells_and_points_follow_the_contract(name):
    nb = load(SOURCE / name)
    meta = [c.metadata["nbgrader"] | {"cell_type": c.cell_type} for c in nb.cells if "nbgrader" in c.metadata]
    ids = [m["grade_id"] for m in meta]
    assert len(ids) == len(set(ids)), f"{name}: duplicate grade ids"
    for problem, points in TIERS[name].items():
        if problem in PENDING:
            assert any(i.startswith(f"{problem}_placeholder") for i in ids), f"{name}: {problem} unmarked"
            continue
        solution = [m for m in meta if m["grade_id"] == f"{problem}_solution"]
        assert len(solution) == 1 and solution[0]["solution"] and not solution[0]["locked"]
        tests = [m for m in meta if m["grade_id"].startswith(f"{problem}_test_")]
        assert len(tests) >= 3, f"{name}: {problem} needs several test cells for partial credit"
        for test in tests:
            assert test["grade"] and test["locked"] and test["cell_type"] == "code"
        total = sum(t["points"] for t in tests)
        assert total == points, f"{name}: {problem} is worth {total} points, the contract says {points}"
        for part in ("statement", "demo", "expected_output", "hints", "explanation"):
            assert f"{problem}_{part}" in ids, f"{name}: {problem} lacks its {part} cell"
    # Everything but the solution cells is read-only.
    for m in meta:
        if not m["solution"]:
            assert m["locked"], f"{name}:{m['grade_id']} is not locked"
    graded = [m["grade_id"] for m in meta if m["grade"]]
    assert all(re.fullmatch(r"p\d\d_test_\w+", g) for g in graded), graded


def _test_cells(name: str):
    """(cell, its nbgrader metadata) for each test cell of notebook `name` (graded code, not a solution)."""
    for cell in load(SOURCE / name).cells:
        meta = cell.metadata.get("nbgrader", {})
        if cell.cell_type == "code" and meta.get("grade") and not meta.get("solution"):
            yield cell, meta


_MUTABLE_CALLS = {"list", "dict", "set", "bytearray", "deque", "defaultdict", "Counter", "OrderedDict"}


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_hidden_tests_keep_no_mutable_data_at_module_level(name):
    # A solution reaches the test cells' namespace through any function or class defined there
    # (`__globals__`, `object.__subclasses__()`): a list kept there is the solution's to empty
    # (red-team pass 12: P09's SITUATIONS). Module-level data of a test cell is immutable.
    import ast
    found = []
    for cell, meta in _test_cells(name):
        for node in ast.parse(cell.source).body:
            value = node.value if isinstance(node, (ast.Assign, ast.AnnAssign)) else None
            if isinstance(value, (ast.List, ast.Dict, ast.Set, ast.ListComp, ast.DictComp, ast.SetComp)) or (
                    isinstance(value, ast.Call) and isinstance(value.func, ast.Name) and value.func.id in _MUTABLE_CALLS):
                found.append(f"{meta.get('grade_id')}: {ast.unparse(node)[:60]}")
    assert not found, f"mutable module-level data in test cells (use a tuple, frozenset or MappingProxyType): {found}"


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_failure_messages_are_built_only_on_failure(name):
    # A message that quotes a solution's object runs its code (`__repr__`, `__eq__` in a sorted(),
    # a metaclass's `__name__`) as it is built; an f-string argument is built before `require`
    # decides, so that code ran before the verdict and could change what it read (red-team pass 54:
    # a `__repr__` that put P04's consumer's list back in order). Every message of a `require` call
    # in a test cell is a constant or a `lambda: ...`, formatted only when the check fails.
    import ast
    found = []
    for cell, meta in _test_cells(name):
        for node in ast.walk(ast.parse(cell.source)):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "require"):
                continue
            messages = node.args[1:3] + [k.value for k in node.keywords if k.arg in ("invariant", "seen")]
            found += [f"{meta.get('grade_id')}:{m.lineno}: {ast.unparse(m)[:60]}" for m in messages
                      if not isinstance(m, (ast.Constant, ast.Lambda))]
    assert not found, f"require() messages built before the check decides (pass `lambda: f'...'`): {found}"


#: Widest line of a code cell a student sees (the release: given, demo and check cells, hidden tests' headers):
#: wider ones ran past JupyterLab's window in a new student's trial (2_medium's hidden tests' headers, up to 255).
WIDEST_RELEASED_LINE = 120


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_released_code_lines_fit_the_window(name):
    wide = [(cell.metadata.get("nbgrader", {}).get("grade_id", cell.id), len(line))
            for cell in load(RELEASE / name).cells if cell.cell_type == "code"
            for line in cell.source.splitlines() if len(line) > WIDEST_RELEASED_LINE]
    assert not wide, f"{name}: lines wider than {WIDEST_RELEASED_LINE} characters (cell, width): {wide}"


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_an_allowance_costs_at_least_what_it_buys(name):
    # A test cell that reads `__held__` (the earlier test cells that held, as the check process says) forgives
    # there what a cell it names judges, where that cell failed (no bug costs two cells). A solution can fail
    # that cell on purpose to buy the allowance, so each such cell must be worth at least the points of every
    # cell whose allowance its failure buys (red-team pass 110: P10's p10_test_any_items, worth 3, bought
    # p10_test_cancelled_get's 4: a queue earned 17/20 where its honest version earns 16/20).
    import ast
    points = {meta["grade_id"]: meta.get("points", 0) for _, meta in _test_cells(name)}
    bought: dict[str, list[str]] = {}  # a cell -> the cells whose allowance its failure buys
    for cell, meta in _test_cells(name):
        if "__held__" not in cell.source:
            continue
        named = {node.value for node in ast.walk(ast.parse(cell.source)) if isinstance(node, ast.Constant)
                 and isinstance(node.value, str) and re.fullmatch(r"p\d\d_test_\w+", node.value)}
        assert named, f"{meta['grade_id']} reads __held__ but names no test cell"
        for other in named:
            assert other in points, f"{meta['grade_id']} names {other}, which is no graded cell of {name}"
            bought.setdefault(other, []).append(meta["grade_id"])
    assert name != "3_hard.ipynb" or bought, "P09-P11's cancellation cells read __held__: this test finds none"
    cheap = [f"{cell} ({points[cell]} points) buys {grants} ({sum(points[g] for g in grants)} points)"
             for cell, grants in sorted(bought.items()) if points[cell] < sum(points[g] for g in grants)]
    assert not cheap, f"a cell failed on purpose buys more than it costs: {cheap}"


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_a_test_cells_statements_that_store_names_call_no_code_of_the_solutions(name):
    # The guard takes what a test cell's statement stored as the statement ends, and the statement runs in a
    # quiet window (course.problem_process._quiet) so that nothing else runs before that look. Code the statement
    # itself calls runs inside the window, though: a top-level `for` loop stores its variable, then runs its
    # body, whose call of a solution's function could replace what the loop stored (P04's and P06's visible
    # checks looped so until red-team pass 110's review). So a test cell's top-level statements that store
    # names are imports, definitions (decorators, defaults and bases reading only the cell's own names) and
    # assignments whose value reads only names of the cell's own, builtins and `globals`; every other
    # statement stores nothing (no loop, `with`, `try`, walrus or `del` at the top level).
    import ast
    import builtins
    found = []
    for cell, meta in _test_cells(name):
        own = set(dir(builtins))

        def foreign(*nodes):
            return sorted({n.id for node in nodes if node is not None for n in ast.walk(node)
                           if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load) and n.id not in own})

        for node in ast.parse(cell.source).body:
            where = f"{meta['grade_id']}:{node.lineno}"
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                own |= {(alias.asname or alias.name).split(".")[0] for alias in node.names}
            elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                evaluated = [*node.decorator_list] + ([*node.bases, *(k.value for k in node.keywords)]
                                                      if isinstance(node, ast.ClassDef) else
                                                      [*node.args.defaults, *node.args.kw_defaults])
                if foreign(*evaluated):
                    found.append(f"{where}: {node.name}'s definition reads {foreign(*evaluated)}")
                own.add(node.name)
            elif isinstance(node, (ast.Assign, ast.AnnAssign)):
                if foreign(node.value) or any(not isinstance(t, ast.Name) for t in
                                              (node.targets if isinstance(node, ast.Assign) else [node.target])):
                    found.append(f"{where}: {ast.unparse(node)[:60]}")
                own |= {t.id for t in (node.targets if isinstance(node, ast.Assign) else [node.target])
                        if isinstance(t, ast.Name)}
            elif not isinstance(node, ast.Expr) or any(isinstance(n, ast.NamedExpr) for n in ast.walk(node)):
                found.append(f"{where}: {type(node).__name__} {ast.unparse(node).splitlines()[0][:60]}")
    assert not found, f"test cell statements that store names and may run a solution's code first: {found}"


#: Receivers whose methods are the checks' own (the simulation, its trace, random generators, the standard
#: library): what they return is the test's, and its own comparisons are its own.
_THE_CHECKS_OWN = {"sim", "rng", "random", "callers", "draws", "bisect", "math", "itertools", "outcomes", "trace",
                   "self", "history", "calls", "names", "events", "kept", "seen", "str", "int"}


def _unguarded_comparisons(source: str) -> list[str]:
    """Comparisons (==, !=, <, <=, >, >=) in `source` of a name bound to what a method of another object returned
    (`size = queue.qsize()`: a solution's object), where no `type(name) is ...` before it in the same `and` makes
    sure it is exactly the type the contract names."""
    import ast
    found = []
    for function in ast.walk(ast.parse(source)):
        if not isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        returned = {}
        for node in ast.walk(function):
            if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
                value = node.value.value if isinstance(node.value, ast.Await) else node.value
                if isinstance(value, ast.Call) and isinstance(value.func, ast.Attribute):
                    root = value.func.value
                    while isinstance(root, (ast.Attribute, ast.Call, ast.Subscript)):
                        root = root.func if isinstance(root, ast.Call) else root.value
                    if not (isinstance(root, ast.Name) and root.id in _THE_CHECKS_OWN):
                        returned[node.targets[0].id] = ast.unparse(value)
        guarded = set()
        for node in ast.walk(function):
            if isinstance(node, ast.BoolOp) and isinstance(node.op, ast.And):
                exact = set()
                for value in node.values:
                    if (isinstance(value, ast.Compare) and isinstance(value.left, ast.Call)
                            and ast.unparse(value.left.func) == "type" and isinstance(value.ops[0], ast.Is)):
                        exact.add(ast.unparse(value.left.args[0]))
                    else:
                        guarded.update(id(n) for n in ast.walk(value) if isinstance(n, ast.Name) and n.id in exact)
        for node in ast.walk(function):
            if isinstance(node, ast.Compare) and not all(isinstance(op, (ast.Is, ast.IsNot, ast.In, ast.NotIn))
                                                         for op in node.ops):
                for operand in (node.left, *node.comparators):
                    if isinstance(operand, ast.Name) and operand.id in returned and id(operand) not in guarded:
                        found.append(f"{function.name}: {ast.unparse(node)} ({operand.id} = {returned[operand.id]})")
    return found


def test_the_comparison_scan_finds_a_solutions_value_compared_by_its_own_operators():
    assert _unguarded_comparisons("def f(queue):\n    size = queue.qsize()\n    return size == 3\n")
    assert _unguarded_comparisons("async def f(b):\n    got = await b.call(g)\n    return 'ok' != got\n")
    assert not _unguarded_comparisons("def f(queue):\n    size = queue.qsize()\n    "
                                      "return type(size) is int and size == 3\n")
    assert not _unguarded_comparisons("def f(sim):\n    n = sim.trace.count('a', 'b')\n    return n == 3\n")


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_test_cells_compare_what_a_solution_returned_only_as_the_type_the_contract_names(name):
    """A value a solution's method returned is compared only once it is known to be exactly the contract's type
    (`type(size) is int and size == 3`), or through `course.testing.same`: an int subclass's `==` answers what it
    likes. P10's `items_kept_for_ages` compared `queue.qsize() == len(items)`, and a queue that forgot items kept
    over a minute returned, for that count alone, an int that equals everything (red-team pass 120, route
    `p10_qsize_forgets_old_items`, +3)."""
    found = [f"{meta['grade_id']}: {comparison}" for cell, meta in _test_cells(name)
             for comparison in _unguarded_comparisons(cell.source)]
    assert not found, "compared by the solution's own operators:\n" + "\n".join(found)


#: Calls whose result is a solution's: how tasks ended (`settled`), what fn raised (P08's `_the_error`).
_TAINTING_CALLS = {"settled", "_the_error"}


def _pairs(iterated: ast.expr, target: ast.expr, tainted: set[str]) -> bool:
    """For `for a, b in zip(x, y)` and `for i, a in enumerate(x)`: taint only the targets whose iterables are
    tainted (True: done)."""
    if not (isinstance(iterated, ast.Call) and isinstance(iterated.func, ast.Name) and isinstance(target, ast.Tuple)):
        return False
    if iterated.func.id == "zip" and len(iterated.args) == len(target.elts):
        sources = iterated.args
    elif iterated.func.id == "enumerate" and len(target.elts) == 2 and iterated.args:
        sources = [ast.Constant(0), iterated.args[0]]
    else:
        return False
    for source, name in zip(sources, target.elts):
        if {n.id for n in ast.walk(source) if isinstance(n, ast.Name)} & tainted:
            tainted |= {n.id for n in ast.walk(name) if isinstance(n, ast.Name)}
    return True


def _rendered_names(node: ast.expr) -> set[str]:
    """The names whose own value `node` renders: `x`, `x.attr`, `x[i]`, `type(x)`, either branch of `a if c else b`
    (not `shown(x)`, nor a name only compared or passed to another call)."""
    if isinstance(node, ast.Name):
        return {node.id}
    if isinstance(node, (ast.Attribute, ast.Subscript)):
        return _rendered_names(node.value)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "type" and node.args:
        return _rendered_names(node.args[0])
    if isinstance(node, ast.IfExp):
        return _rendered_names(node.body) | _rendered_names(node.orelse)
    return set()


def _iterated_names(node: ast.expr) -> set[str]:
    """The names whose items iterating `node` yields: `x`, `x.attr`, `x[i]`, `x.items()` (not what a function
    computed from `x`: `_by_identity(x, items)` yields the test's own ints)."""
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
        return _rendered_names(node.func.value)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("zip", "enumerate", "reversed",
                                                                                          "list", "tuple", "sorted"):
        return {name for arg in node.args for name in _iterated_names(arg)}
    return _rendered_names(node)


def _eager_renders(source: str) -> list[str]:
    """Renderings outside a `lambda` (so made at once, whatever the verdict) of a value a solution made, in `source`:
    `str()`, `repr()`, `format()`, `ascii()`, an f-string's `{x}`, `{x!r}`, `{x!s}`, `{x!a}`, and `.__name__`, of a
    name bound to an exception a handler caught (`except ... as exc`), to what `settled(...)` or `_the_error(...)`
    returned, or to an item of one of those. Each runs the value's own code (`__str__`, `__repr__`, `__format__`)."""
    tree = ast.parse(source)
    lazy = {id(node) for lam in ast.walk(tree) if isinstance(lam, ast.Lambda) for node in ast.walk(lam)}
    found = []
    for function in ast.walk(tree):
        if not isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        tainted: set[str] = set()
        for _ in range(3):  # (an item of an item of a tainted value)
            for node in ast.walk(function):
                if isinstance(node, ast.ExceptHandler) and node.name:
                    tainted.add(node.name)
                elif isinstance(node, (ast.Assign, ast.For, ast.AsyncFor, ast.comprehension)):
                    value = node.value if isinstance(node, ast.Assign) else node.iter
                    targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                    calls = {n.func.id for n in ast.walk(value) if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)}
                    loads = _iterated_names(value)
                    if calls & _TAINTING_CALLS or (not isinstance(node, ast.Assign) and loads & tainted):
                        if isinstance(node, ast.Assign) or not _pairs(value, targets[0], tainted):
                            tainted |= {n.id for t in targets for n in ast.walk(t) if isinstance(n, ast.Name)}
        for node in ast.walk(function):
            if id(node) in lazy:
                continue
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in (
                    "str", "repr", "format", "ascii") and node.args:
                rendered = node.args[0]
            elif isinstance(node, ast.FormattedValue):
                rendered = node.value
            elif isinstance(node, ast.Attribute) and node.attr in ("__name__", "__qualname__"):
                rendered = node.value
            else:
                continue
            names = _rendered_names(rendered) & tainted
            if names:
                found.append(f"{function.name}:{node.lineno}: {ast.unparse(node)[:70]}")
    return sorted(set(found))


def test_the_render_scan_finds_a_solutions_value_rendered_before_a_verdict():
    assert _eager_renders("def f(b):\n    try:\n        b()\n    except Exception as exc:\n"
                          "        what = f'raised {type(exc).__name__}'\n")
    assert _eager_renders("async def f(t):\n    ends = await settled(t)\n    x = [f'{o!r}' for o in ends]\n")
    assert _eager_renders("def f(t):\n    made = _the_error(t)\n    x = str(made)\n")
    assert not _eager_renders("def f(t):\n    made = _the_error(t)\n    x = shown(made)\n")
    assert not _eager_renders("async def f(t):\n    ends = await settled(t)\n    x = [lambda: f'{o!r}' for o in ends]\n")
    assert not _eager_renders("async def f(ts):\n    ends = await settled(*ts)\n"
                              "    x = [f'{t.get_name()}' for t, e in zip(ts, ends)]\n")


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_test_cells_render_a_solutions_value_only_through_shown(name):
    """What a solution made (an exception a test caught, how its tasks ended, what fn raised) is rendered, outside a
    failure message's `lambda`, only by `shown()`: `str()`, `repr()`, an f-string's `{x}` or `{x!r}` and
    `type(x).__name__` run its class's `__str__`, `__repr__`, `__format__` or its metaclass's `__name__` as the test goes
    on. P08's errors cell noted `str(outcome)` of fn's CircuitOpenError after each call, and a breaker that counted
    fn's own rejection twice took one back in its `__str__` there: p08_test_errors_reach_caller, 2/2 against its
    baseline's 0 (route `p08_str_takes_back_count`)."""
    found = [f"{meta['grade_id']}: {render}" for cell, meta in _test_cells(name) for render in _eager_renders(cell.source)]
    assert not found, "a solution's value rendered by its own code before the verdict:\n" + "\n".join(found)
