"""Routes to points that a red-team pass found, each graded against its honest baseline in
real sandboxed check processes of the real problem (source/ notebooks, hidden tests included):
a route earns no test cell more than the same code without the trick (see routes/README.md)."""

from __future__ import annotations

import functools
import re
from pathlib import Path

import nbformat
import pytest

from course.grading.problem_checks import ProblemChecks, outputs_for, split_problems
from course.grading.sandbox import Sandbox

ROOT = Path(__file__).resolve().parents[2]
ROUTES = Path(__file__).parent / "routes"
SUBMISSIONS = ROOT / "grader_tests" / "submissions"
NOTEBOOKS = sorted((ROOT / "source" / "async_patterns").glob("*.ipynb"))
ATTACKS = sorted(p for p in ROUTES.glob("p[0-9][0-9]_*.py") if "baseline" not in p.stem)

pytestmark = pytest.mark.slow


@functools.lru_cache(maxsize=None)
def _notebook_of(problem: str) -> Path:
    for path in NOTEBOOKS:
        if f'"grade_id": "{problem}_solution"' in path.read_text():
            return path
    raise LookupError(problem)


@functools.lru_cache(maxsize=None)
def scores(problem: str, solution_file: str) -> dict[str, tuple[int, str]]:
    """{test cell id: (points earned, error text)} of `solution_file` as `problem`'s solution."""
    nb = nbformat.read(_notebook_of(problem), as_version=4)
    points = {}
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("grade_id") == f"{problem}_solution":
            cell.source = _solution(solution_file).read_text()
        if meta.get("grade"):
            points[meta["grade_id"]] = meta.get("points", 0)
    problems = split_problems(nb)
    # Only this problem's checks: each problem's process holds its own cells alone, so the others'
    # (reference solutions, run first in notebook order) would cost CPU and decide nothing here.
    checks = ProblemChecks({problem: problems[problem]}, Sandbox(problem_timeout=60.0))
    try:
        result = checks.result(problem)
    finally:
        checks.close()
    earned = {}
    for cell_id in problems[problem].test_ids:
        errors = [o for o in outputs_for(problems[problem], cell_id, result, 60.0) if o["output_type"] == "error"]
        earned[cell_id] = (0 if errors else points.get(cell_id, 0),
                           "; ".join(f"{e.get('ename')}: {e.get('evalue', '')[:300]}" for e in errors))
    return earned


def _solution(name: str) -> Path:
    """A route or baseline in routes/; `submissions/pNN/<variant>.py`: a buggy variant that
    grader_tests/ grades too (a route may cover up a real bug as it is)."""
    if name.startswith("submissions/"):
        return SUBMISSIONS / name.removeprefix("submissions/")
    return ROUTES / name


def baseline_of(attack: Path) -> Path:
    """The honest baseline a route names on its first line (`# baseline: <name>`), as a path
    (see `_solution`). Also used by grader_tests/test_routes_graded.py."""
    return _solution(re.fullmatch(r"# baseline: (\S+)", attack.read_text().splitlines()[0]).group(1))


@pytest.mark.parametrize("attack", ATTACKS, ids=lambda p: p.stem)
def test_a_route_earns_nothing_beyond_its_baseline(attack):
    baseline = baseline_of(attack)
    problem = attack.stem.split("_")[0]
    honest, tricked = scores(problem, str(baseline)), scores(problem, attack.name)
    assert set(honest) == set(tricked)
    gained = [f"{cell}: {tricked[cell][0]} points, baseline {honest[cell][0]} ({honest[cell][1]})"
              for cell in sorted(tricked) if tricked[cell][0] > honest[cell][0]]
    assert not gained, f"{attack.name}:\n" + "\n".join(gained)
    assert sum(p for p, _ in honest.values()) < sum(points for points in _max(problem).values()), (
        f"{baseline} must be a buggy baseline (it scores full marks)")


@functools.lru_cache(maxsize=None)
def _max(problem: str) -> dict[str, int]:
    nb = nbformat.read(_notebook_of(problem), as_version=4)
    return {c.metadata["nbgrader"]["grade_id"]: c.metadata["nbgrader"].get("points", 0)
            for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade")
            and c.metadata["nbgrader"]["grade_id"].startswith(problem + "_")}
