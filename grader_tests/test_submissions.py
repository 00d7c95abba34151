"""Real submissions, correct and buggy, autograded to exactly the expected scores.

See submissions/README.md. This proves each hidden test fails the bug it
targets, passes every correct style, and costs no other problem a point.
"""

from __future__ import annotations

import contextlib
import functools
import os
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from conftest import NOTEBOOKS, RELEASE, SOURCE, error_text, load

from course.testing import CheckFailed

HERE = Path(__file__).parent / "submissions"


def _subclasses(cls: type) -> set[type]:
    return {cls} | {c for sub in cls.__subclasses__() for c in _subclasses(sub)}


# A failed check must say what was checked and seen: only harness failures do.
HARNESS_FAILURES = {c.__name__ for c in _subclasses(CheckFailed)}
VARIANTS = sorted(HERE.glob("p[0-9][0-9]/*.py"))


#: The Python running the tests, as the `# expect on X.Y:` lines name it.
PYTHON = f"{sys.version_info.major}.{sys.version_info.minor}"
SUPPORTED = ("3.11", "3.12", "3.13")


def _failures(text: str) -> set[str] | None:
    return None if text.strip() == "full marks" else set(text.split())


def _expectations(path: Path) -> dict[str | None, set[str] | None]:
    """What the file's header says grading gives it: {None: the first line's expectation,
    "3.13": an `# expect on 3.13:` line's, ...} (failing grade ids; None for full marks)."""
    lines = path.read_text().splitlines()
    match = re.fullmatch(r"# expect: (.*)", lines[0])
    assert match, f"{path}: the first line must be `# expect: ...`"
    expected = {None: _failures(match.group(1))}
    for line in lines[1:]:
        on = re.fullmatch(r"# expect on (\d+\.\d+): (.*)", line)
        if on is None:
            break
        assert on.group(1) in SUPPORTED, f"{path}: `# expect on {on.group(1)}`: not a supported Python {SUPPORTED}"
        expected[on.group(1)] = _failures(on.group(2))
    return expected


def _expectation(path: Path, python: str = PYTHON) -> set[str] | None:
    """Failing grade ids grading gives the file on `python` (the Python running the tests);
    None for full marks. The first line says it for every Python; a line right after it,
    `# expect on 3.13: ...`, says it for one, where the standard library itself differs
    (asyncio.Condition's lost wake-up, gh-112202, is fixed in 3.13 only)."""
    expected = _expectations(path)
    return expected.get(python, expected[None])


def _reference(cell_source: str) -> str:
    return "\n".join(line for line in cell_source.splitlines()
                     if line.strip() not in ("### BEGIN SOLUTION", "### END SOLUTION"))


@functools.lru_cache(maxsize=None)
def _notebook_for(problem: str) -> str:
    for name in NOTEBOOKS:
        ids = [c.metadata.get("nbgrader", {}).get("grade_id") for c in load(SOURCE / name).cells]
        if f"{problem}_solution" in ids:
            return name
    raise LookupError(f"no notebook has {problem}_solution")


def build_submission(name: str, replace: dict[str, str]) -> nbformat.NotebookNode:
    """The release notebook with reference solutions, some replaced by `replace`."""
    references = {c.metadata["nbgrader"]["grade_id"]: _reference(c.source)
                  for c in load(SOURCE / name).cells if c.metadata.get("nbgrader", {}).get("solution")}
    nb = load(RELEASE / name)
    for cell in nb.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if grade_id in references:
            cell.source = replace.get(grade_id, references[grade_id])
    return nb


#: Packed (the default): each submission holds one variant of *every* problem of its
#: notebook, so the variants take about 3 times fewer gradings, and each variant is graded
#: beside other problems' variants (buggy ones, ones that kill the kernel), not beside
#: reference solutions: a problem's cells must be scored on its own cells alone (its checks
#: run in a process of their own, and nbgrader scores only test cells), or a neighbour's
#: expected score breaks. A problem with fewer variants than its notebook has packs holds its
#: reference solution in the first pack past its variants, and the released placeholder in the
#: later ones, as a student who skipped it hands it in (`_fillers`). COURSE_SUBMISSIONS_PACKED=0
#: grades each variant alone among reference solutions (every other problem then keeps full
#: marks beside it).
PACKED = os.environ.get("COURSE_SUBMISSIONS_PACKED", "1") != "0"


@functools.lru_cache(maxsize=None)
def _by_problem() -> dict[str, list[Path]]:
    """problem -> its variants, in VARIANTS' order."""
    by_problem: dict[str, list[Path]] = {}
    for path in VARIANTS:
        by_problem.setdefault(path.parent.name, []).append(path)
    return by_problem


@functools.lru_cache(maxsize=None)
def _packs() -> dict[str, dict[str, Path]]:
    """Packed submissions: student -> {problem: the variant of that problem it holds}."""
    by_problem = _by_problem()
    packs: dict[str, dict[str, Path]] = {}
    for name in NOTEBOOKS:
        problems = [problem for problem in sorted(by_problem) if _notebook_for(problem) == name]
        for i in range(max((len(by_problem[problem]) for problem in problems), default=0)):
            packs[f"pack-{name.removesuffix('.ipynb')}-{i:02d}"] = {
                problem: by_problem[problem][i] for problem in problems if i < len(by_problem[problem])}
    return packs


#: What a pack holds for a problem it has no variant of.
REFERENCE, PLACEHOLDER = "reference", "placeholder"


@functools.lru_cache(maxsize=None)
def _fillers() -> dict[str, dict[str, str]]:
    """Packed: student -> {problem: REFERENCE or PLACEHOLDER} for the problems of its notebook it
    holds no variant of. A reference solution scores full marks beside other problems' variants
    once per problem; every later pack holds the placeholder, which costs its check process
    a few failures instead of the whole of the problem's checks (a reference in every pack
    past a problem's variants was 106 of the 587 check processes of one grading, run on each
    supported Python)."""
    by_problem, fillers = _by_problem(), {}
    for student, pack in _packs().items():
        name = _notebook_for(next(iter(pack)))
        index = int(student.rsplit("-", 1)[1])
        fillers[student] = {problem: REFERENCE if index == len(by_problem[problem]) else PLACEHOLDER
                            for problem in sorted(by_problem) if _notebook_for(problem) == name and problem not in pack}
    return fillers


@functools.lru_cache(maxsize=None)
def _released(name: str) -> dict[str, str]:
    """The solution cells of release notebook `name` as released: grade id -> source (read once;
    callers copy what they take from it)."""
    return {c.metadata["nbgrader"]["grade_id"]: c.source
            for c in load(RELEASE / name).cells if c.metadata.get("nbgrader", {}).get("solution")}


def _student(path: Path) -> str:
    if PACKED:
        return next(student for student, pack in _packs().items() if path in pack.values())
    return f"{path.parent.name}-{path.stem}"


#: The bound on one problem's checks in this class (`c.Sandbox.problem_timeout`, wall-clock
#: seconds; the course's default is 60). The corpus's heaviest variants (`p01/broken_spin`,
#: `p04/buggy_polls_after_long_wait`) use 8-10 s of CPU in their check process before the checks'
#: own bounds stop them; CI grades this class beside the suite's other workers and two other
#: Pythons' runs (every core busy), where one check process may get a tenth of a core: graded
#: three notebooks at once there (load average ~30), those two reached 60 s (2026-12-06, twice).
#: No variant here expects that bound (a ProblemTimeout is not a harness message), so a higher one
#: changes no expected score; it keeps the machine's load out of them. (test_isolation grades with
#: the default bound, test_fair_share with 20 s: they are about the bound.)
PROBLEM_TIMEOUT = 300


@pytest.fixture(scope="module")
def gradings(prepared_course, tmp_path_factory):
    """Every variant graded once, in one course: (scores, course)."""
    import shutil
    from conftest import Course
    course = Course(tmp_path_factory.mktemp("variants") / "course")
    shutil.copytree(prepared_course, course.path)
    with open(course.path / "nbgrader_config.py", "a") as config:
        config.write(f"\nc.Sandbox.problem_timeout = {PROBLEM_TIMEOUT}\n")
    if PACKED:
        for student, pack in _packs().items():
            name = _notebook_for(next(iter(pack)))
            placeholders = {f"{problem}_solution": _released(name)[f"{problem}_solution"]
                            for problem, filler in _fillers()[student].items() if filler == PLACEHOLDER}
            course.submit(student, {name: build_submission(
                name, {f"{problem}_solution": path.read_text() for problem, path in pack.items()} | placeholders)})
        return _autograde_packs(course), course
    for path in VARIANTS:
        problem = path.parent.name
        name = _notebook_for(problem)
        course.submit(_student(path), {name: build_submission(name, {f"{problem}_solution": path.read_text()})})
    return _autograde_by_problem(course), course


def _autograde_packs(course, *extra: str) -> dict:
    """Autograde packed submissions one notebook at a time."""
    scores = {}
    for name in NOTEBOOKS:
        scores.update(course.autograde(f"--student=pack-{name.removesuffix('.ipynb')}-*", *extra))
    return scores


#: Packed, the second grading (with every core busy) regrades the first pack of each notebook
#: (00): one variant of every problem, running every test cell of its problem. Regrading all of them
#: cost ~8 minutes of CI's 45, half of them ~4 (CI reached 45.3 minutes with 421 variants), a fifth
#: ~6 with 478, and CI reached 45.4 minutes again with a tenth and 486 (its busy processes slow the
#: other Pythons' runs beside it): a score that moves under load moves for a kind of check, and every
#: check runs on the regraded variant of its problem.
REGRADED = re.compile(r"pack-.+-00")


@pytest.fixture(scope="module")
def second_grading(gradings):
    """Variants graded again, with every core busy: their scores (packed: the REGRADED packs only)."""
    _first, course = gradings
    with cpu_load():
        if not PACKED:
            return _autograde_by_problem(course, "--force")
        graded = {path: path.stat().st_mtime_ns for path in (course.path / "autograded").glob("pack-*/*/*.ipynb")
                  if REGRADED.fullmatch(path.parent.parent.name)}
        scores = {}
        for name in NOTEBOOKS:
            scores.update(course.autograde(f"--student=pack-{name.removesuffix('.ipynb')}-00", "--force"))
    # Scores come from the gradebook, which still holds the first grading of any pack not regraded.
    assert graded and all(path.stat().st_mtime_ns != before for path, before in graded.items()), "not regraded"
    return {student: score for student, score in scores.items() if REGRADED.fullmatch(student)}


def _autograde_by_problem(course, *extra: str) -> dict:
    """Autograde the variants one problem at a time (nbgrader's --student takes a glob).

    One nbgrader run for every variant outgrew the 600 s each run is allowed
    on a loaded 2-core machine; a run per problem stays far inside it.
    """
    scores = {}
    for problem in sorted({p.parent.name for p in VARIANTS}):
        scores.update(course.autograde(f"--student={problem}-*", *extra))
    return scores


@contextlib.contextmanager
def cpu_load():
    """Every core busy, as on a grading machine shared with other work: a busy process for each core
    the machine's load (its 1-minute average, the grading's own included) leaves idle. Under `.ci/run`
    the other Pythons' runs and the suite's other workers keep every core busy already: a burner per
    core beside them only took CPU time from them, for the regrading's 8 minutes."""
    idle = (os.cpu_count() or 2) - int(os.getloadavg()[0])
    burners = [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(max(idle, 0))]
    try:
        yield
    finally:
        for burner in burners:
            burner.kill()
            burner.wait()


def test_every_problem_has_two_correct_and_three_buggy_submissions():
    problems = sorted({p.parent.name for p in VARIANTS})
    assert problems, "no submissions found"
    for problem in problems:
        for python in SUPPORTED:
            kinds = [_expectation(p, python) is None for p in VARIANTS if p.parent.name == problem]
            assert kinds.count(True) >= 2, f"{problem}: fewer than 2 correct submissions on {python}"
            assert kinds.count(False) >= 3, f"{problem}: fewer than 3 buggy submissions on {python}"


def test_scores_differ_between_pythons_only_where_the_standard_library_does():
    """A variant may expect another score on one Python only where asyncio itself differs
    there (gh-112202: a cancelled waiter of asyncio.Condition loses its wake-up before 3.13);
    its header says so, and so does the message grading gives it on the other Pythons."""
    for path in VARIANTS:
        expected = _expectations(path)
        if len(expected) == 1:
            continue
        text = path.read_text()
        assert "gh-112202" in text and "Condition" in text, (
            f"{path.relative_to(HERE)} expects a score for one Python only: its comment must name the "
            "standard library's difference (gh-112202)")


@pytest.mark.parametrize("path", VARIANTS, ids=_student)
def test_submission_scores_as_expected(gradings, path):
    first, course = gradings
    problem, student = path.parent.name, _student(path)
    name = _notebook_for(problem)
    scores = first[student][name.removesuffix(".ipynb")]
    expected_failures = _expectation(path) or set()
    assert expected_failures <= set(scores), f"unknown grade ids in {path.name}: {expected_failures - set(scores)}"
    graded = {c.metadata["nbgrader"]["grade_id"]: c
              for c in course.graded_notebook(student, name).cells if "nbgrader" in c.metadata}
    wrong = []
    for grade_id, cell in sorted(scores.items()):
        if PACKED and not grade_id.startswith(f"{problem}_"):
            continue  # another problem's variant decides that cell
        should_fail = grade_id in expected_failures
        if should_fail and cell.score != 0:
            wrong.append(f"{grade_id}: expected to fail, scored {cell.score}/{cell.max_score}")
        if not should_fail and cell.score != cell.max_score:
            wrong.append(f"{grade_id}: expected full marks, scored {cell.score}/{cell.max_score}: "
                         f"{error_text(graded[grade_id])}")
    assert not wrong, f"{path.relative_to(HERE)}:\n" + "\n".join(wrong)
    for grade_id in expected_failures:
        enames = {o.get("ename") for o in graded[grade_id].outputs if o.get("output_type") == "error"}
        assert enames and enames <= HARNESS_FAILURES, (
            f"{grade_id} failed with {enames}, not with a harness message: {error_text(graded[grade_id])}")
    if expected_failures and len(_expectations(path)) > 1:
        # Failing only on some Pythons, because of the standard library: the feedback says so.
        for grade_id in expected_failures:
            assert "your code relies on the fix in 3.13" in error_text(graded[grade_id]).lower(), (
                f"{grade_id} fails on {PYTHON} only because of the standard library, and must say so: "
                f"{error_text(graded[grade_id])}")


def _packed_problems_without_a_variant_score_what_their_cells_hold(gradings):
    first, course = gradings
    wrong, references = [], set()
    for student, fillers in _fillers().items():
        name = _notebook_for(next(iter(_packs()[student])))
        graded = {c.metadata["nbgrader"]["grade_id"]: c
                  for c in course.graded_notebook(student, name).cells if "nbgrader" in c.metadata}
        for grade_id, cell in sorted(first[student][name.removesuffix(".ipynb")].items()):
            filler = fillers.get(grade_id.split("_")[0])
            if filler == REFERENCE:
                references.add(grade_id.split("_")[0])
                if cell.score != cell.max_score:
                    wrong.append(f"{student}: {grade_id} (a reference solution) scored {cell.score}/{cell.max_score}: "
                                 f"{error_text(graded[grade_id])}")
            elif filler == PLACEHOLDER and cell.score != 0:
                wrong.append(f"{student}: {grade_id} (the released placeholder) scored {cell.score}/{cell.max_score}")
    assert not wrong, "\n".join(wrong)
    # Every problem with fewer variants than its notebook's packs had its reference graded beside them.
    assert references == {problem for fillers in _fillers().values() for problem in fillers}


# Packed, a submission also holds reference solutions or placeholders for the problems its
# variants leave alone: a reference keeps full marks, a placeholder scores nothing. Unpacked,
# each variant's own test checks every other problem's cells, so this test exists only when
# packed (not skipped).
if PACKED:
    test_packed_problems_without_a_variant_score_what_their_cells_hold = (
        _packed_problems_without_a_variant_score_what_their_cells_hold)


def test_grading_twice_gives_identical_scores(gradings, second_grading):
    """The second grading runs with every core busy: scores must not change."""
    first, _course = gradings
    if PACKED:  # the first pack (00) of every notebook, and so a variant of every problem
        assert {student.rsplit("-", 1)[0] for student in second_grading} == {
            f"pack-{name.removesuffix('.ipynb')}" for name in NOTEBOOKS}
        first = {student: score for student, score in first.items() if student in second_grading}
    assert first == second_grading
