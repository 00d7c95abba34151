"""Routes to points in course/tests/routes/ (found by red-team passes: see its README), graded
with the real `nbgrader autograde` in one class: real sandboxed kernels and check processes, the
course's own configuration.

course/tests/test_routes.py grades every route, and its baseline, in the problem's real sandboxed
check process, where a grade is decided. This file proves the rest of the way, through nbgrader:
what a route's notebook scores is what its check process says (the kernel's run of the same code
gains it nothing), and the other problems of its notebook keep full marks beside it. A sample
does that: two routes of each problem (the first and the last by name), so every problem's
checks are crossed; `COURSE_ROUTES_GRADED=all` grades every route (~5 minutes more on 2 cores).

Routes and baselines (the same code without the trick, each a buggy solution) are handed in
packed: the i-th of each problem of a notebook in one student's notebook, a route and its baseline
never together (they are the same problem). The fair outcome: no route scores more than its
baseline on any test cell of its problem, and the problems a pack leaves alone (reference
solutions) keep full marks beside it.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from conftest import ROOT, Course
from test_submissions import _notebook_for, build_submission

from course.tests.test_routes import baseline_of, gained, traded_by

pytestmark = pytest.mark.slow

ROUTES = ROOT / "course" / "tests" / "routes"
EVERY_ROUTE = sorted(p for p in ROUTES.glob("p[0-9][0-9]_*.py") if "baseline" not in p.stem)


def _problem(path: Path) -> str:
    # A buggy variant used as a baseline lives in submissions/<problem>/; a route is named <problem>_*.
    return path.parent.name if path.parent.parent.name == "submissions" else path.stem.split("_")[0]


def _sample(routes: list[Path]) -> list[Path]:
    """The first and the last route of each problem, by name."""
    by_problem: dict[str, list[Path]] = {}
    for path in routes:
        by_problem.setdefault(_problem(path), []).append(path)
    return sorted({path for paths in by_problem.values() for path in (paths[0], paths[-1])})


ATTACKS = EVERY_ROUTE if os.environ.get("COURSE_ROUTES_GRADED") == "all" else _sample(EVERY_ROUTE)


def _packed(paths: list[Path]) -> dict[str, dict[str, Path]]:
    """Students -> {problem: the route or baseline of that problem they hand in}: the i-th of each
    problem of a notebook in one notebook, as test_submissions packs variants. Each problem's checks
    run in a process of their own (test_isolation proves that one problem's code reaches no other's
    checks), so a pack-mate cannot lend a route points."""
    by_problem: dict[str, list[Path]] = {}
    for path in sorted(paths):
        by_problem.setdefault(_problem(path), []).append(path)
    packs: dict[str, dict[str, Path]] = {}
    for name in sorted({_notebook_for(problem) for problem in by_problem}):
        problems = [problem for problem in sorted(by_problem) if _notebook_for(problem) == name]
        for i in range(max(len(by_problem[problem]) for problem in problems)):
            packs[f"pack-{name.removesuffix('.ipynb').replace('_', '-')}-{i:02d}"] = {
                problem: by_problem[problem][i] for problem in problems if i < len(by_problem[problem])}
    return packs


PACKS = _packed([*ATTACKS, *sorted({baseline_of(a) for a in ATTACKS})])


def _student(path: Path) -> str:
    return next(student for student, pack in PACKS.items() if pack.get(_problem(path)) == path)


@pytest.fixture(scope="module")
def graded(prepared_course, tmp_path_factory):
    course = Course(tmp_path_factory.mktemp("routes") / "course")
    shutil.copytree(prepared_course, course.path)
    for student, pack in PACKS.items():
        name = _notebook_for(next(iter(pack)))
        course.submit(student, {name: build_submission(
            name, {f"{problem}_solution": path.read_text() for problem, path in pack.items()})})
    return course.autograde()


def test_there_are_routes_to_grade_of_every_problem():
    assert len(EVERY_ROUTE) >= 10, EVERY_ROUTE
    assert {_problem(a) for a in ATTACKS} == {_problem(a) for a in EVERY_ROUTE}


@pytest.mark.parametrize("attack", ATTACKS, ids=lambda p: p.stem)
def test_a_route_earns_no_more_than_its_baseline(graded, attack):
    problem = attack.stem.split("_")[0]
    notebook = _notebook_for(problem).removesuffix(".ipynb")
    tricked, honest = graded[_student(attack)][notebook], graded[_student(baseline_of(attack))][notebook]
    assert set(tricked) == set(honest)
    beyond = gained({cell: score.score for cell, score in honest.items() if cell.startswith(f"{problem}_")},
                    {cell: score.score for cell, score in tricked.items() if cell.startswith(f"{problem}_")},
                    traded_by(attack))
    assert not beyond, f"{attack.name}:\n" + "\n".join(beyond)
    mine = [honest[cell] for cell in honest if cell.startswith(f"{problem}_")]
    assert sum(c.score for c in mine) < sum(c.max_score for c in mine), f"{baseline_of(attack).name} must be buggy"


@pytest.mark.parametrize("student", sorted(PACKS))
def test_problems_a_pack_leaves_alone_keep_full_marks(graded, student):
    """The problems of a pack's notebook that hold no route (or baseline) there keep their reference
    solution, and must keep full marks beside the routes: what a route does stays in its problem."""
    pack = PACKS[student]
    notebook = _notebook_for(next(iter(pack))).removesuffix(".ipynb")
    cells = graded[student][notebook]
    others = [f"{cell}: {score.score}/{score.max_score}" for cell, score in sorted(cells.items())
              if cell.split("_")[0] not in pack and score.score != score.max_score]
    assert not others, f"{student} ({', '.join(p.name for p in pack.values())}) cost another problem points:\n" \
        + "\n".join(others)
