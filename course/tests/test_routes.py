"""Routes to points that a red-team pass found, each graded against its honest baseline in
real sandboxed check processes of the real problem (source/ notebooks, hidden tests included):
a route earns no test cell more than the same code without the trick (see routes/README.md)."""

from __future__ import annotations

import functools
import re
from pathlib import Path

import nbformat
import pytest

from .checked import check, with_solution

ROOT = Path(__file__).resolve().parents[2]
ROUTES = Path(__file__).parent / "routes"
SUBMISSIONS = ROOT / "grader_tests" / "submissions"
NOTEBOOKS = sorted((ROOT / "source" / "async_patterns").glob("*.ipynb"))
ATTACKS = sorted(p for p in ROUTES.glob("p[0-9][0-9]_*.py") if "baseline" not in p.stem)
#: Each problem's check process is stopped at this bound (seconds of wall time). A run stopped
#: there scores 0 on every cell it had not reported, so it proves nothing (under load a route and
#: its baseline could both end there: 0 >= 0) and the test fails instead. No route hangs on
#: purpose: the checks' own bounds stop each (the slowest run, p01_busy_seed_baseline, took 11 s
#: on a quiet machine, 2026-12-06); the margin is for CI's load.
BOUND = 120.0

pytestmark = pytest.mark.slow


@functools.lru_cache(maxsize=None)
def _notebook_of(problem: str) -> Path:
    for path in NOTEBOOKS:
        if f'"grade_id": "{problem}_solution"' in path.read_text():
            return path
    raise LookupError(problem)


@functools.lru_cache(maxsize=None)
def graded(problem: str, solution_file: str) -> tuple[dict[str, tuple[int, str]], str]:
    """({test cell id: (points earned, error text)}, how the check process ended) of
    `solution_file` as `problem`'s solution."""
    nb = nbformat.read(_notebook_of(problem), as_version=4)
    points = {c.metadata["nbgrader"]["grade_id"]: c.metadata["nbgrader"].get("points", 0)
              for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade")}
    checked = check(with_solution(_notebook_of(problem), problem, _solution(solution_file).read_text()),
                    problem, BOUND)
    earned = {cell_id: (0 if errors else points.get(cell_id, 0),
                        "; ".join(f"{e.get('ename')}: {e.get('evalue', '')[:300]}" for e in errors))
              for cell_id, errors in checked.errors().items()}
    return earned, checked.result.ended


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


@functools.lru_cache(maxsize=None)
def _graded_baseline(problem: str, baseline: str) -> tuple[dict[str, tuple[int, str]], str]:
    """`graded(problem, baseline)`, once per worker: a grading is deterministic (fixed seeds, virtual
    time), and a baseline serves several routes (146 baselines for 312 routes, 2026-12-07)."""
    return graded(problem, baseline)


@pytest.mark.parametrize("attack", ATTACKS, ids=lambda p: p.stem)
def test_a_route_earns_nothing_beyond_its_baseline(attack):
    baseline = baseline_of(attack)
    problem = attack.stem.split("_")[0]
    (honest, honest_end), (tricked, tricked_end) = _graded_baseline(problem, str(baseline)), graded(problem, attack.name)
    for name, ended in ((baseline.name, honest_end), (attack.name, tricked_end)):
        # (A process a route's code ended, "exited <code>", is what that code did, and is compared.)
        assert ended == "done" or ended.startswith("exited "), f"{name}'s checks ended {ended!r}: nothing compared"
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
