"""Every route to points in course/tests/routes/ (found by red-team passes: see its README),
graded with the real `nbgrader autograde` in one class: real sandboxed kernels and check
processes, the course's own configuration.

Each route's student hands in the notebook of the route's problem with the route as that
problem's solution (reference solutions elsewhere); each route's baseline (the same code
without the trick) is handed in by a student of its own. The fair outcome: no route scores
more than its baseline on any test cell of its problem, and every other problem of the
notebook keeps full marks beside it. (course/tests/test_routes.py proves the same for one
problem's check process alone, faster.)
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import ROOT, Course
from test_submissions import _notebook_for, build_submission

from course.tests.test_routes import baseline_of

pytestmark = pytest.mark.slow

ROUTES = ROOT / "course" / "tests" / "routes"
ATTACKS = sorted(p for p in ROUTES.glob("p[0-9][0-9]_*.py") if "baseline" not in p.stem)


def _student(path: Path) -> str:
    # A buggy variant used as a baseline is named after its problem too (variants of two problems share names).
    stem = f"{path.parent.name}_{path.stem}" if path.parent.parent.name == "submissions" else path.stem
    return "route-" + stem.replace("_", "-")


@pytest.fixture(scope="module")
def graded(prepared_course, tmp_path_factory):
    course = Course(tmp_path_factory.mktemp("routes") / "course")
    shutil.copytree(prepared_course, course.path)
    for path in sorted(set(ATTACKS) | {baseline_of(a) for a in ATTACKS}):
        problem = path.parent.name if path.parent.parent.name == "submissions" else path.stem.split("_")[0]
        name = _notebook_for(problem)
        course.submit(_student(path), {name: build_submission(name, {f"{problem}_solution": path.read_text()})})
    return course.autograde()


def test_there_are_routes_to_grade():
    assert len(ATTACKS) >= 10, ATTACKS


@pytest.mark.parametrize("attack", ATTACKS, ids=lambda p: p.stem)
def test_a_route_earns_no_more_than_its_baseline(graded, attack):
    problem = attack.stem.split("_")[0]
    notebook = _notebook_for(problem).removesuffix(".ipynb")
    tricked, honest = graded[_student(attack)][notebook], graded[_student(baseline_of(attack))][notebook]
    assert set(tricked) == set(honest)
    gained = [f"{cell}: {tricked[cell].score}/{tricked[cell].max_score}, baseline {honest[cell].score}"
              for cell in sorted(tricked) if cell.startswith(f"{problem}_") and tricked[cell].score > honest[cell].score]
    assert not gained, f"{attack.name}:\n" + "\n".join(gained)
    others = [f"{cell}: {tricked[cell].score}/{tricked[cell].max_score}"
              for cell in sorted(tricked) if not cell.startswith(f"{problem}_")
              and tricked[cell].score != tricked[cell].max_score]
    assert not others, f"{attack.name} cost another problem points:\n" + "\n".join(others)
    mine = [honest[cell] for cell in honest if cell.startswith(f"{problem}_")]
    assert sum(c.score for c in mine) < sum(c.max_score for c in mine), f"{baseline_of(attack).name} must be buggy"
