"""The README's instructor guide, run command by command on a synthetic class.

Every bash block between the `instructor-guide` markers of README.md runs,
in order, in a temporary course, exactly as written. The class (24 students,
reference, correct and buggy solutions; see classroom.py) arrives half as a
folder per student (`course collect`), half as downloaded files, loose and
zipped (`nbgrader zip_collect`). Then the grades (gradebook and CSV), the
feedback files and the overview are checked against each student's known
expected score.
"""

from __future__ import annotations

import csv
import html
import os
import re
import subprocess
import sys
import zipfile
from collections import Counter
from pathlib import Path

import nbformat
import pytest

from classroom import expected_scores, max_points, roster
from conftest import ASSIGNMENT, NOTEBOOKS, ROOT, SOURCE, copy_course, load
from test_submissions import VARIANTS

from course.grading.failures import failed_check
from course.grading.overview import class_overview
from course.grading.scores import read_scores

#: Two reference students and 12 variants: a buggy one of every problem (every problem's failure notes
#: and hints in the feedback) and a correct one of P01; handed in the guide's three ways. (24 students,
#: a correct variant of every problem too, cost CI ~5 more CPU-minutes and proved nothing more.)
CLASS_SIZE = 14


def guide_blocks() -> list[str]:
    """The bash blocks of the README's instructor guide, in order, dedented."""
    readme = (ROOT / "README.md").read_text()
    match = re.search(r"<!-- instructor-guide: begin.*?-->(.*?)<!-- instructor-guide: end -->", readme, re.S)
    assert match, "README.md: instructor-guide markers not found"
    blocks = re.findall(r"^( *)```bash\n(.*?)^\1```", match.group(1), re.S | re.M)
    return ["\n".join(line[len(indent):] for line in body.splitlines()) for indent, body in blocks]


def _visible_text(page: str) -> str:
    """What a reader of an HTML page sees: tags removed, entities decoded."""
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", "", page))


def _hidden_lines() -> set[str]:
    """Lines of hidden test code that appear nowhere a student can see."""
    hidden, public = set(), set()
    for name in NOTEBOOKS:
        for cell in load(SOURCE / name).cells:
            inside = False
            for line in cell.source.splitlines():
                if "BEGIN HIDDEN TESTS" in line:
                    inside = True
                elif "END HIDDEN TESTS" in line:
                    inside = False
                elif inside:
                    hidden.add(line.strip())
                else:
                    public.add(line.strip())
        for cell in load(ROOT / "release" / ASSIGNMENT / name).cells:
            public.update(line.strip() for line in cell.source.splitlines())
    for path in VARIANTS:  # what students wrote is theirs to see
        public.update(line.strip() for line in path.read_text().splitlines())
    return {line for line in hidden - public if len(line) >= 12 and not line.startswith("#")}


@pytest.fixture(scope="module")
def guided_course(tmp_path_factory):
    """A course after every command of the guide; yields (course path, students, outputs per block)."""
    course = copy_course(tmp_path_factory.mktemp("guide") / "course")
    # The class's bulk download, named in the configuration as the README's step 2 says (any other archive is one
    # student's, and a notebook in it named for another student is not collected).
    with open(course / "nbgrader_config.py", "a") as config:
        config.write('\nc.ClassmateSafeCollector.bulk_archives = ["batch-1.zip"]\n')
    students = roster(CLASS_SIZE)
    archive = course / "downloaded" / ASSIGNMENT / "archive"
    archive.mkdir(parents=True)
    with zipfile.ZipFile(archive / "batch-1.zip", "w") as batch:
        for i, student in enumerate(students):
            for name, nb in student.notebooks().items():
                if i % 2 == 0:  # a folder per student
                    folder = course / "handed-in" / student.id
                    folder.mkdir(parents=True, exist_ok=True)
                    nbformat.write(nb, folder / name)
                elif i % 4 == 1:  # loose downloaded files
                    nbformat.write(nb, archive / f"{student.id}_{name}")
                else:  # inside a zip archive
                    batch.writestr(f"{student.id}_{name}", nbformat.writes(nb))
    env = dict(os.environ, PATH=os.pathsep.join([os.path.dirname(sys.executable), os.environ.get("PATH", "")]))
    outputs = []
    for block in guide_blocks():
        done = subprocess.run(["bash", "-euo", "pipefail", "-c", block], cwd=course, env=env,
                              capture_output=True, text=True, timeout=1200)
        assert done.returncode == 0, f"guide command failed:\n{block}\n{done.stdout}\n{done.stderr}"
        outputs.append((block, done.stdout))
    return course, students, outputs


def test_the_guide_has_every_step():
    commands = "\n".join(guide_blocks())
    for step in ("nbgrader generate_assignment", "course collect", "nbgrader zip_collect",
                 "course check-submissions", "course autograde", "nbgrader generate_feedback",
                 "nbgrader export", "course overview"):
        assert step in commands, f"the instructor guide lacks `{step}`"


def test_every_student_gets_the_expected_grades(guided_course):
    course, students, outputs = guided_course
    check = next(out for block, out in outputs if "check-submissions" in block)
    assert "ready to autograde" in check
    assert {s.failing != frozenset() for s in students} == {True, False}, "the class must mix right and wrong"
    scores = read_scores(course, ASSIGNMENT)
    assert sorted(scores) == sorted(s.id for s in students), "every student was collected and graded"
    for student in students:
        got = {nb: {gid: cell.score for gid, cell in cells.items()} for nb, cells in scores[student.id].items()}
        assert got == expected_scores(student), student.id
    total_max = sum(sum(cells.values()) for cells in max_points().values())
    with open(course / "grades.csv", newline="") as f:
        rows = {row["student_id"]: row for row in csv.DictReader(f)}
    assert sorted(rows) == sorted(s.id for s in students)
    for student in students:
        expected = sum(sum(cells.values()) for cells in expected_scores(student).values())
        assert float(rows[student.id]["score"]) == expected, student.id
        assert float(rows[student.id]["max_score"]) == total_max


def test_feedback_explains_each_failure_and_hides_the_tests(guided_course):
    course, students, _outputs = guided_course
    secret = _hidden_lines()
    assert secret, "no hidden test lines found in source/"
    seeds_shown = 0
    for student in students:
        for name in NOTEBOOKS:
            page = (course / "feedback" / student.id / ASSIGNMENT / name.replace(".ipynb", ".html")).read_text()
            text = _visible_text(page)
            shown = {line.strip() for line in text.splitlines()}
            leaked = sorted(secret & shown)
            assert not leaked, f"{student.id}/{name}: hidden test code in the feedback: {leaked[:3]}"
            graded = nbformat.read(course / "autograded" / student.id / ASSIGNMENT / name, as_version=4)
            failing = {c.metadata["nbgrader"]["grade_id"]: c for c in graded.cells
                       if c.metadata.get("nbgrader", {}).get("grade_id") in student.failing}
            notes = re.findall(r"What went wrong in (\w+) \(", text)
            assert sorted(notes) == sorted(failing), f"{student.id}/{name}: notes for {notes}, failures {failing}"
            for grade_id, cell in failing.items():
                note = text.split(f"What went wrong in {grade_id} ")[1].split("What went wrong in ")[0]
                failure = failed_check(cell)
                assert failure is not None and failure.harness, f"{grade_id}: not a harness failure"
                assert f"Invariant: {failure.invariant}" in note
                assert f"Observed: {failure.seen}" in note or f"Observed: {failure.title}: {failure.seen}" in note
                if failure.seed is not None:
                    assert f"Seed: {failure.seed} " in note
                    seeds_shown += 1
                problem = grade_id[:3]
                assert f"{problem.upper()} hints" in note
                assert f'href="#{problem}-hints"' in page and f'id="{problem}-hints"' in page
    assert seeds_shown, "no failure in the class showed a seed"


def test_overview_counts_every_failed_check(guided_course):
    course, students, outputs = guided_course
    out = next(out for block, out in outputs if "course overview" in block)
    overview = class_overview(course, ASSIGNMENT)
    # Each failing test cell of each student is one failed check in the overview.
    per_cell = Counter()
    for failure in overview.failures:
        per_cell[failure.grade_id] += len(failure.students)
    assert per_cell == Counter(gid for s in students for gid in s.failing)
    top = overview.failures[0]
    assert len(top.students) == max(len(f.students) for f in overview.failures)
    first = out.split("Most common failed checks")[1].splitlines()[1]
    assert first.split()[0] == f"{len(top.students)}/{CLASS_SIZE}" and top.grade_id in first, first
    problems = {gid[:3] for cells in max_points().values() for gid in cells}
    for problem in problems:
        scores = next(p for p in overview.problems if p.problem == problem).scores
        expected = {s.id: sum(v for nb in expected_scores(s).values() for g, v in nb.items() if g.startswith(problem))
                    for s in students}
        assert scores == expected, problem
        assert re.search(rf"^{problem.upper()}\s", out, re.M), f"{problem} missing from the table"
    report = (course / "reports" / f"{ASSIGNMENT}_overview.html").read_text()
    assert report.count("<svg") == len(problems)
