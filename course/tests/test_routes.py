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


def traded_by(attack: Path) -> frozenset[str]:
    """The test cells a route fails on purpose to buy an allowance of another cell (its second line,
    `# trades: <cell id> ...`; none for most routes). Also used by grader_tests/test_routes_graded.py."""
    second = attack.read_text().splitlines()[1]
    return frozenset(second.removeprefix("# trades:").split()) if second.startswith("# trades:") else frozenset()


def gained(honest: dict[str, int], tricked: dict[str, int], traded: frozenset[str] = frozenset()) -> list[str]:
    """What a route (points by test cell: `tricked`) earned beyond its baseline (`honest`), as lines to print;
    empty if nothing. A route earns no cell more than its baseline; one that trades (`traded_by`) may earn a cell
    the cell it fails on purpose unlocks, but no more in all: each traded cell must be one it lost (else its header
    says what it does not do), and its total is at most the baseline's (a cell that grants an allowance is worth
    no more than the cells whose failure buys it: grader_tests/test_notebook_format.py)."""
    if not traded:
        return [f"{cell}: {tricked[cell]} points, baseline {honest[cell]}" for cell in sorted(tricked)
                if tricked[cell] > honest[cell]]
    not_lost = sorted(cell for cell in traded if not tricked.get(cell, 1) < honest.get(cell, 0))
    assert not not_lost, f"the route says it trades {not_lost}, but does not lose them"
    if sum(tricked.values()) > sum(honest.values()):
        return [f"in all: {sum(tricked.values())} points, baseline {sum(honest.values())} (trading {sorted(traded)})"]
    return []


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
    # (A process a route's code ended, "exited <code>", is what that code did, and is compared; so is one its code
    # held up until the bound, "timeout", every cell it had not finished scoring 0: CI of dfa0155 saw
    # p11_thread_fakes_globals's spinning thread outlast the bound under pytest, as it does at 15a14c6 too, while
    # the same grading ended in 2 s in a plain process. A baseline is honest code: it must end by itself.)
    assert honest_end == "done" or honest_end.startswith("exited "), (
        f"{baseline.name}'s checks ended {honest_end!r}: nothing compared")
    assert tricked_end in ("done", "timeout") or tricked_end.startswith("exited "), (
        f"{attack.name}'s checks ended {tricked_end!r}: nothing compared")
    assert set(honest) == set(tricked)
    beyond = gained({cell: points for cell, (points, _) in honest.items()},
                    {cell: points for cell, (points, _) in tricked.items()}, traded_by(attack))
    assert not beyond, f"{attack.name}:\n" + "\n".join(beyond) + "\nbaseline's errors:\n" + "\n".join(
        f"{cell}: {error}" for cell, (_, error) in sorted(honest.items()) if error)
    assert sum(p for p, _ in honest.values()) < sum(points for points in _max(problem).values()), (
        f"{baseline} must be a buggy baseline (it scores full marks)")


@functools.lru_cache(maxsize=None)
def _max(problem: str) -> dict[str, int]:
    nb = nbformat.read(_notebook_of(problem), as_version=4)
    return {c.metadata["nbgrader"]["grade_id"]: c.metadata["nbgrader"].get("points", 0)
            for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade")
            and c.metadata["nbgrader"]["grade_id"].startswith(problem + "_")}


#: Routes known to earn more than their baselines, each a member of a gap the README names (`routes/open/`):
#: kept, with the figure they earned, so that the gap's evidence is not lost and a fix can be tried on them.
OPEN = sorted((ROUTES / "open").glob("p[0-9][0-9]_*.py"))


def test_each_route_known_to_win_is_a_gap_the_readme_names():
    """An open route is one the README's known gaps name, with its baseline at hand: a route that wins and that
    nobody wrote down is a hole, not a gap. (None is open today: the last, `p08_fresh_lambda_timer`, was closed on
    2026-12-08.)"""
    readme = (ROOT / "README.md").read_text()
    for route in OPEN:
        assert f"`{route.stem}`" in readme, f"{route.name} is in routes/open/ but the README does not name it"
        assert "OPEN" in route.read_text().splitlines()[1], f"{route.name}: its second line says why it is open"
        baseline = route.read_text().splitlines()[0].removeprefix("# baseline: ").strip()
        assert _solution(baseline).is_file(), f"{route.name}: its baseline {baseline} is missing"
