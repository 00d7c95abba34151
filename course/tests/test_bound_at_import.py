"""What the checks call is what they found at import, not what a module holds when they call it.

The guard's seal (see `course.testing._guard`) fails every verdict after a write to a module it
tags: the course's own, and the standard library's it watches (`problem_process._STANDARD`). It
cannot tag `sys`, `warnings` and `time` (a correct solution changes them during a run:
`contextlib.redirect_stdout`, `warnings.catch_warnings`, the checks' virtual clocks), whose entries
it compares only when it looks; nor does it watch every other module. So a function of theirs that
the checks' code reads at call time (`sys._getframe()` in a function body) can be a solution's fake,
planted between two of the guard's looks and put back before the next: red-team pass 115 had the
sweeps' `sys._getframe` return None, so no cut found the run's ledger and every cut landed at the
instant its target suspended (routes `p01_getframe_blinds_landing`, `p07_getframe_blinds_landing`,
`p08_getframe_blinds_landing`).

So every module that runs beside student code (`course/testing/*.py`) binds, at import, what its
functions call in such a module; its function bodies read an attribute of one only where it is
process state that `_isolation.isolated` swaps for each check and puts back (`sys.stdout`,
`warnings.filters` ...), listed here, each for that reason.
"""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest

from course.problem_process import _STANDARD
from course.testing._guard import _UNTAGGED

TESTING = Path(__file__).resolve().parents[1] / "testing"

#: Module data the checks swap for each check and put back (`_isolation.isolated`, `swapped`):
#: read where it is, on purpose.
SWAPPED = frozenset({
    ("sys", "stdout"), ("sys", "stderr"), ("sys", "__stdout__"), ("sys", "__stderr__"),
    ("sys", "unraisablehook"),
    ("warnings", "filters"), ("warnings", "showwarning"), ("warnings", "_showwarnmsg_impl"),
})


def _tagged(module: str) -> bool:
    """Whether the guard's seal tags `module`'s namespace in a check process (a write to it fails
    every later verdict): the course's own modules and the watched standard ones but `_UNTAGGED`."""
    return module == "course" or module.startswith("course.") or (module in _STANDARD and module not in _UNTAGGED)


def _module_names(tree: ast.Module) -> dict[str, str]:
    """{name bound at the module's top level: the module it names} for its imports of modules."""
    names: dict[str, str] = {}
    for node in tree.body:
        if isinstance(node, ast.Import):
            for alias in node.names:
                names[alias.asname or alias.name.split(".")[0]] = alias.name if alias.asname else alias.name.split(".")[0]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                try:
                    importlib.import_module(f"{node.module}.{alias.name}")
                except ImportError:
                    continue  # a name that is not a module
                names[alias.asname or alias.name] = f"{node.module}.{alias.name}"
    return names


def call_time_reads(source: str) -> list[tuple[int, str, str]]:
    """(line, module, attribute) of each attribute of an imported module that a function body of
    `source` reads (so at call time), of a module the seal does not tag. Default values and
    decorators run at definition (import), annotations never: neither counts."""
    tree = ast.parse(source)
    modules = _module_names(tree)
    found: list[tuple[int, str, str]] = []

    class Visitor(ast.NodeVisitor):
        depth = 0

        def visit_FunctionDef(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
            for default in [*node.args.defaults, *(d for d in node.args.kw_defaults if d is not None)]:
                self.visit(default)
            for decorator in node.decorator_list:
                self.visit(decorator)
            self.depth += 1
            for statement in node.body:
                self.visit(statement)
            self.depth -= 1

        visit_AsyncFunctionDef = visit_FunctionDef

        def visit_Lambda(self, node: ast.Lambda) -> None:
            for default in [*node.args.defaults, *(d for d in node.args.kw_defaults if d is not None)]:
                self.visit(default)
            self.depth += 1
            self.visit(node.body)
            self.depth -= 1

        def visit_AnnAssign(self, node: ast.AnnAssign) -> None:
            for child in (node.target, node.value):
                if child is not None:
                    self.visit(child)

        def visit_Attribute(self, node: ast.Attribute) -> None:
            if (self.depth and isinstance(node.ctx, ast.Load) and isinstance(node.value, ast.Name)
                    and node.value.id in modules and not _tagged(modules[node.value.id])):
                found.append((node.lineno, modules[node.value.id], node.attr))
            self.generic_visit(node)

    Visitor().visit(tree)
    return found


@pytest.mark.parametrize("path", sorted(TESTING.glob("*.py")), ids=lambda p: p.name)
def test_the_checks_call_no_function_of_an_untagged_module_they_read_at_call_time(path):
    unbound = [f"{path.name}:{line}: {module}.{attribute}" for line, module, attribute in call_time_reads(path.read_text())
               if (module, attribute) not in SWAPPED]
    assert not unbound, ("read at call time from a module the guard's seal does not tag (bind it at import, "
                         "as `_getframe = sys._getframe`):\n" + "\n".join(unbound))


def test_the_scan_sees_a_call_time_read_and_not_a_bound_one():
    source = ("import sys\nimport time as clock\nimport asyncio\nfrom os import path\n_getframe = sys._getframe\n"
              "def f(x, _now=clock.monotonic):\n    y: sys.Foo = 1\n    asyncio.sleep(0)\n"
              "    return sys._getframe(), _getframe(), clock.sleep(1), path.join('a'), (lambda: sys.stdout)\n")
    assert [(m, a) for _, m, a in call_time_reads(source)] == [
        ("sys", "_getframe"), ("time", "sleep"), ("os.path", "join"), ("sys", "stdout")]
