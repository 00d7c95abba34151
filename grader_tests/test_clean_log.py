"""Autograding (and zip_collect) logs a warning only when there is something to look at.

The real `nbgrader autograde` with the course's nbgrader_config.py, on an
untouched release and on a complete submission, must print no warning
(nbgrader's false "checksum has changed!" for every hidden-test cell, nbgrader
issue #1961; SQLAlchemy's SAWarnings from nbgrader's Gradebook.add_submission;
ipykernel's unencrypted-TCP warning), while a read-only cell that really
differs is still reported: by RebuildFromRelease for a student's edit, by
nbgrader's OverwriteCells for a release that no longer matches the gradebook.
Nothing here depends on how the notebooks are executed.
"""

from __future__ import annotations

import copy
import logging
import re

import nbformat
import pytest
from nbgrader.api import Gradebook
from nbgrader.preprocessors import OverwriteCells

from conftest import ASSIGNMENT, NOTEBOOKS, RELEASE, cells_by_grade_id, copy_course, load, nbgrader
from test_submissions import build_submission

from course.grading.quiet_log import OverwriteReleasedCells

pytestmark = pytest.mark.slow

NAME = "1_easy.ipynb"
CHECKSUM_WARNING = re.compile(r"Attribute 'checksum' for cell (\S+) has changed!")


def warning_lines(done) -> list[str]:
    """Every line of an nbgrader run's log that warns (its log, Python warnings, kernels' logs)."""
    return [line for line in (done.stdout + done.stderr).splitlines() if "WARNING" in line or "Warning" in line]


def checksum_warnings(lines: list[str]) -> set[str]:
    return {m.group(1) for line in lines if (m := CHECKSUM_WARNING.search(line))}


def gradebook_sources(course_path, name: str) -> dict[str, str]:
    """The instructor's source of each cell, as generate_assignment saved it (hidden tests included)."""
    with Gradebook(f"sqlite:///{course_path / 'gradebook.db'}") as gb:
        notebook = gb.find_notebook(name.removesuffix(".ipynb"), ASSIGNMENT)
        return {cell.name: cell.source for cell in notebook.source_cells}


def hidden_test_ids(sources: dict[str, str]) -> set[str]:
    return {grade_id for grade_id, source in sources.items() if "BEGIN HIDDEN TESTS" in source}


# --- the real CLI, the course configuration ---------------------------------------

def test_untouched_release_autogrades_without_a_warning(graded_course):
    graded_course.submit("untouched", {name: RELEASE / name for name in NOTEBOOKS})
    scores = graded_course.autograde()

    assert warning_lines(graded_course.last) == []
    assert set(scores) == {"untouched"}
    # Zero everywhere: the hidden tests were put back and ran (a released test cell alone passes).
    assert all(cell.score == 0 for nb in scores["untouched"].values() for cell in nb.values())


def test_reference_submission_autogrades_without_a_warning(graded_course):
    graded_course.submit("reference", {name: build_submission(name, {}) for name in NOTEBOOKS})
    scores = graded_course.autograde()

    assert warning_lines(graded_course.last) == []
    for notebook, cells in scores["reference"].items():
        for grade_id, cell in cells.items():
            assert cell.score == cell.max_score > 0, f"{notebook}:{grade_id} scored {cell.score}/{cell.max_score}"


def test_a_students_edit_of_a_test_cell_is_still_reported(graded_course):
    nb = build_submission(NAME, {})
    cells = cells_by_grade_id(nb)
    cells["p01_test_total"].source = "pass  # the hidden test was here"
    cells["p01_test_visible"].source = "pass  # so was this check"
    graded_course.submit("tamperer", {NAME: nb})
    scores = graded_course.autograde()

    lines = [line for line in warning_lines(graded_course.last) if "No submitted file" not in line]  # 2_medium, 3_hard
    notes = [line for line in lines if "tamperer/1_easy" in line]  # RebuildFromRelease's
    assert lines == notes and len(notes) == 1, lines
    assert "read-only cell `p01_test_total` was edited" in notes[0]
    assert "read-only cell `p01_test_visible` was edited" in notes[0]
    graded = cells_by_grade_id(graded_course.graded_notebook("tamperer", NAME))
    assert graded["p01_test_total"].source == gradebook_sources(graded_course.path, NAME)["p01_test_total"]
    assert all(cell.score == cell.max_score for cell in scores["tamperer"]["1_easy"].values())


def test_a_release_that_no_longer_matches_the_gradebook_is_still_reported(graded_course):
    """release/ edited by hand after generate_assignment: nbgrader's warning names that cell, and only it."""
    release = graded_course.path / "release" / ASSIGNMENT / NAME
    nb = load(release)
    cells_by_grade_id(nb)["p01_test_total"].source += "\n# edited in release/ after generate_assignment"
    nbformat.write(nb, release)
    graded_course.submit("student", {NAME: release})
    graded_course.autograde()

    lines = warning_lines(graded_course.last)
    assert checksum_warnings(lines) == {"p01_test_total"}, lines
    graded = cells_by_grade_id(graded_course.graded_notebook("student", NAME))
    assert graded["p01_test_total"].source == gradebook_sources(graded_course.path, NAME)["p01_test_total"]


# --- the preprocessor against nbgrader's, in process ------------------------------

class _Lines(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.levelno >= logging.WARNING:
            self.lines.append(record.getMessage())


def _overwrite(cls, course_path, nb: nbformat.NotebookNode) -> tuple[nbformat.NotebookNode, list[str]]:
    log = logging.getLogger(f"test_clean_log.{cls.__name__}")
    log.propagate = False
    handler = _Lines()
    log.addHandler(handler)
    try:
        resources = {"nbgrader": {"notebook": NAME.removesuffix(".ipynb"), "assignment": ASSIGNMENT,
                                  "db_url": f"sqlite:///{course_path / 'gradebook.db'}"}}
        out, _ = cls(log=log).preprocess(copy.deepcopy(nb), resources)
    finally:
        log.removeHandler(handler)
    return out, handler.lines


def _cells(nb: nbformat.NotebookNode) -> list[tuple]:
    return [(c.cell_type, c.source, c.metadata) for c in nb.cells]


def test_an_untouched_release_makes_the_same_notebook_as_nbgrader_without_its_warnings(prepared_course):
    nb = load(RELEASE / NAME)
    theirs, their_log = _overwrite(OverwriteCells, prepared_course, nb)
    ours, our_log = _overwrite(OverwriteReleasedCells, prepared_course, nb)

    assert _cells(ours) == _cells(theirs)
    # nbgrader issue #1961, which this replaces: every hidden-test cell "has changed".
    assert checksum_warnings(their_log) == hidden_test_ids(gradebook_sources(prepared_course, NAME))
    assert our_log == []


def test_a_test_cell_edited_otherwise_is_reported_as_nbgrader_does(prepared_course):
    """Without RebuildFromRelease in front, an edited test cell gets nbgrader's own warning and fix."""
    nb = load(RELEASE / NAME)
    cells = cells_by_grade_id(nb)
    cells["p01_test_total"].source = "pass"
    cells["p01_test_visible"].source = "pass"
    theirs, _ = _overwrite(OverwriteCells, prepared_course, nb)
    ours, our_log = _overwrite(OverwriteReleasedCells, prepared_course, nb)

    assert _cells(ours) == _cells(theirs)
    assert checksum_warnings(our_log) == {"p01_test_total", "p01_test_visible"}
    assert len(our_log) == 2


def test_zip_collect_makes_its_folders_without_a_warning(tmp_path):
    # The README's instructor guide, step 2, on a first run: nbgrader warned "Directory not found.
    # Creating: ..." for its extracted/ folder and for each student's new folder in submitted/.
    course = copy_course(tmp_path / "course")
    archive = course / "downloaded" / ASSIGNMENT / "archive"
    archive.mkdir(parents=True)
    for student in ("jdoe", "asmith"):
        (archive / f"{student}_{NAME}").write_bytes((RELEASE / NAME).read_bytes())
    done = nbgrader(course, "zip_collect", ASSIGNMENT)
    assert not warning_lines(done), done.stdout + done.stderr
    assert sorted(p.parent.parent.name for p in course.glob(f"submitted/*/{ASSIGNMENT}/{NAME}")) == ["asmith", "jdoe"]
    # What does need a look still warns: no archive folder, so nothing to collect.
    again = copy_course(tmp_path / "empty")
    assert "Directory not found: " in "\n".join(warning_lines(nbgrader(again, "zip_collect", ASSIGNMENT)))


def test_zip_collect_takes_no_notebook_for_a_classmate_from_a_students_archive(tmp_path):
    # Red-team pass 111b: alice_1_easy.zip holding a notebook named bob_1_easy.ipynb was collected as Bob's
    # (in his place, had he handed in none) or stopped the collection for the whole class ("Duplicate
    # submission file"). A platform's bulk archive of the class, named for no student, is read as before.
    import shutil
    import zipfile
    course = copy_course(tmp_path / "course")
    archive = course / "downloaded" / ASSIGNMENT / "archive"
    archive.mkdir(parents=True)
    released = (RELEASE / NAME).read_bytes()
    forged = released.replace(b"Async", b"Forged by alice", 1)
    assert forged != released
    (archive / f"bob_{NAME}").write_bytes(released)
    with zipfile.ZipFile(archive / f"alice_{NAME.removesuffix('.ipynb')}.zip", "w") as handed_in:
        handed_in.writestr(f"alice_{NAME}", released)
        handed_in.writestr(f"bob_{NAME}", forged)
    # Red-team pass 124: a student's archive inside the bulk download is that student's too.
    import io
    nested = io.BytesIO()
    with zipfile.ZipFile(nested, "w") as inner:
        inner.writestr(f"erin_{NAME}", forged)
    with zipfile.ZipFile(archive / "class_download.zip", "w") as bulk:
        bulk.writestr(f"carol_{NAME}", released)
        bulk.writestr("frank_notes.zip", nested.getvalue())
    # Red-team pass 123: an archive named for a student but not for a notebook was read as the class's bulk
    # download, and what it held collected as the names inside it said: Dave's notebook, from Alice's archive.
    with zipfile.ZipFile(archive / "alice_notes.zip", "w") as notes:
        notes.writestr(f"dave_{NAME}", forged)
    # The bulk download is named in the configuration (README, step 2); any other archive is one student's.
    with open(course / "nbgrader_config.py", "a") as config:
        config.write("\nc.ClassmateSafeCollector.bulk_archives = ['class_download.zip']\n")
    done = nbgrader(course, "zip_collect", ASSIGNMENT)
    collected = {p.parent.parent.name: p.read_bytes() for p in course.glob(f"submitted/*/{ASSIGNMENT}/{NAME}")}
    assert sorted(collected) == ["alice", "bob", "carol"], done.stdout + done.stderr
    assert collected["bob"] == released, "bob's notebook was taken from alice's archive"
    assert any(f"bob_{NAME}" in line and "alice" in line for line in warning_lines(done)), done.stdout + done.stderr
    assert any(f"dave_{NAME}" in line and "alice_notes.zip" in line for line in warning_lines(done)), done.stdout
    assert any(f"erin_{NAME}" in line and "frank_notes.zip" in line for line in warning_lines(done)), done.stdout
    # Unnamed in the configuration, the bulk download is one student's ("class"'s): carol's is not taken from it.
    again = copy_course(tmp_path / "again")
    shutil.copytree(archive, again / "downloaded" / ASSIGNMENT / "archive")
    done = nbgrader(again, "zip_collect", ASSIGNMENT)
    assert not list(again.glob(f"submitted/carol/{ASSIGNMENT}/{NAME}"))
    assert any(f"carol_{NAME}" in line and "bulk_archives" in line for line in warning_lines(done)), done.stdout


def _downloads(tmp_path):
    """(a course copy, its empty downloaded/<assignment>/archive/ folder, the released notebook's bytes, a forged copy
    of them) for a zip_collect test."""
    course = copy_course(tmp_path / "course")
    archive = course / "downloaded" / ASSIGNMENT / "archive"
    archive.mkdir(parents=True)
    released = (RELEASE / NAME).read_bytes()
    forged = released.replace(b"Async", b"Forged", 1)
    assert forged != released
    return course, archive, released, forged


def test_zip_collect_reads_every_archive_around_a_notebook_and_the_longest_student_id(tmp_path):
    # Red-team pass 125: once the innermost archive decided (pass 124), `dave_hw.zip` inside Alice's `alice_notes.zip`
    # had its `dave_1_easy.ipynb` collected as Dave's; and an archive's owner was any id its name began with, so Bob
    # Smith's `bob_smith_hw.zip` handed in `bob_1_easy.ipynb` as Bob's.
    import io
    import zipfile
    course, archive, released, forged = _downloads(tmp_path)
    inner = io.BytesIO()
    with zipfile.ZipFile(inner, "w") as nested:
        nested.writestr(f"dave_{NAME}", forged)
    with zipfile.ZipFile(archive / "alice_notes.zip", "w") as notes:
        notes.writestr(f"alice_{NAME}", released)
        notes.writestr("dave_hw.zip", inner.getvalue())
    (archive / f"bob_{NAME}").write_bytes(released)
    with zipfile.ZipFile(archive / "bob_smith_hw.zip", "w") as smiths:
        smiths.writestr(f"bob_smith_{NAME}", released)
        smiths.writestr(f"bob_{NAME}", forged)
    done = nbgrader(course, "zip_collect", ASSIGNMENT)
    collected = {p.parent.parent.name: p.read_bytes() for p in course.glob(f"submitted/*/{ASSIGNMENT}/{NAME}")}
    assert sorted(collected) == ["alice", "bob", "bob_smith"], done.stdout + done.stderr
    assert collected["bob"] == released and collected["bob_smith"] == released
    warned = warning_lines(done)
    assert any(f"dave_{NAME}" in line and "alice_notes.zip" in line for line in warned), done.stdout + done.stderr
    assert any(f"bob_{NAME}" in line and "bob_smith_hw.zip" in line for line in warned), done.stdout + done.stderr


def test_zip_collect_learns_student_ids_only_from_notebooks_in_their_own_archives(tmp_path):
    # Red-team pass 126: `bob_hw_1_easy.ipynb` in Alice's archive made `bob_hw` a known id, so Bob's own `bob_hw.zip`
    # was no archive of Bob's, and none of his notebooks in it were collected. And an id the gradebook knows is known
    # though no notebook names it: Bob Smith's `bob_smith_hw.zip` holding only a `bob_1_easy.ipynb` is not Bob's.
    import zipfile
    course, archive, released, forged = _downloads(tmp_path)
    with zipfile.ZipFile(archive / "alice_hw.zip", "w") as alices:
        alices.writestr(f"alice_{NAME}", released)
        alices.writestr(f"bob_hw_{NAME}", forged)
    with zipfile.ZipFile(archive / "bob_hw.zip", "w") as bobs:
        bobs.writestr(f"bob_{NAME}", released)
    nbgrader(course, "db", "student", "add", "carol_ann")
    with zipfile.ZipFile(archive / "carol_ann_hw.zip", "w") as carol_anns:
        carol_anns.writestr(f"carol_{NAME}", forged)
    done = nbgrader(course, "zip_collect", ASSIGNMENT)
    collected = {p.parent.parent.name: p.read_bytes() for p in course.glob(f"submitted/*/{ASSIGNMENT}/{NAME}")}
    assert sorted(collected) == ["alice", "bob"], done.stdout + done.stderr
    assert collected["bob"] == released
    warned = warning_lines(done)
    assert any(f"bob_hw_{NAME}" in line and "alice_hw.zip" in line for line in warned), done.stdout + done.stderr
    assert any(f"carol_{NAME}" in line and "carol_ann_hw.zip" in line for line in warned), done.stdout + done.stderr


def test_one_students_upload_does_not_stop_the_class_collection(tmp_path):
    # Red-team pass 127: two copies of Alice's own notebook in her archive made nbgrader stop the whole collection
    # ("Duplicate submission file"), and an upload that is no zip at all made its extractor raise before anything was
    # collected: Bob's and Carol's notebooks were not collected either.
    import zipfile
    course, archive, released, forged = _downloads(tmp_path)
    with zipfile.ZipFile(archive / "alice_hw.zip", "w") as alices:
        alices.writestr(f"alice_{NAME}", released)
        alices.writestr(f"v2/alice_{NAME}", released.replace(b"Async", b"Second", 1))
    (archive / "dave_hw.zip").write_bytes(b"not a zip at all")
    (archive / f"bob_{NAME}").write_bytes(released)
    with zipfile.ZipFile(archive / "carol_hw.zip", "w") as carols:
        carols.writestr(f"carol_{NAME}", released)
    done = nbgrader(course, "zip_collect", ASSIGNMENT)
    collected = sorted(p.parent.parent.name for p in course.glob(f"submitted/*/{ASSIGNMENT}/{NAME}"))
    assert collected == ["bob", "carol"], done.stdout + done.stderr
    warned = warning_lines(done)
    assert any("alice handed in 2 copies" in line for line in warned), done.stdout + done.stderr
    assert any("dave_hw.zip could not be read as an archive" in line for line in warned), done.stdout + done.stderr
    assert (archive / "dave_hw.zip").read_bytes() == b"not a zip at all"

