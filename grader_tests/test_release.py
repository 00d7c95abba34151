"""release/ is exactly what nbgrader makes from source/, and keeps no secrets."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys

from conftest import ASSIGNMENT, NOTEBOOKS, RELEASE, ROOT, SOURCE, copy_course, load, nbgrader

_SECRET = re.compile(r"### BEGIN (SOLUTION|HIDDEN TESTS)\n(.*?)### END \1", re.S)


def _files(folder):
    return {p.relative_to(folder): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_release_is_exactly_what_generate_assignment_makes(tmp_path):
    course = copy_course(tmp_path / "course")
    shutil.rmtree(course / "release")
    nbgrader(course, "generate_assignment", ASSIGNMENT)
    committed, generated = _files(ROOT / "release"), _files(course / "release")
    assert sorted(committed) == sorted(generated), "release/ holds other files than nbgrader makes"
    stale = [str(p) for p in committed if committed[p] != generated[p]]
    assert not stale, f"release/ is stale, run `course release` and commit: {stale}"


def _course_release(course, path):
    """`course release` in `course`, with `path` as PATH (no virtualenv activated: only the system's commands)."""
    return subprocess.run([sys.executable, "-c", "from course.tools.cli import main; raise SystemExit(main(['release']))"],
                          cwd=course, env=dict(os.environ, PATH=path), capture_output=True, text=True, timeout=600)


def test_course_release_in_a_fresh_checkout_with_no_virtualenv_activated(tmp_path):
    # A fresh clone has no gradebook.db, and nbgrader's first use of one runs `alembic heads` as a command: with the
    # course's virtualenv not activated (`.venv/bin/course release`) it was not found, generate_assignment failed
    # after `--force` had removed release/, and the instructor was left with no release/ (found 2026-12-07).
    course = copy_course(tmp_path / "course")
    assert not (course / "gradebook.db").exists()
    done = _course_release(course, "/usr/bin:/bin")
    assert done.returncode == 0, done.stdout + done.stderr
    assert _files(course / "release") == _files(ROOT / "release")


def test_a_failed_course_release_leaves_release_as_it_was(tmp_path):
    course = copy_course(tmp_path / "course")
    before = _files(course / "release")
    broken = course / "source" / ASSIGNMENT / NOTEBOOKS[0]
    notebook = json.loads(broken.read_text())
    graded = next(c for c in notebook["cells"] if c["metadata"].get("nbgrader", {}).get("grade"))
    del graded["metadata"]["nbgrader"]["grade_id"]  # nbgrader refuses a graded cell with no id
    broken.write_text(json.dumps(notebook))
    done = _course_release(course, os.environ.get("PATH", ""))
    assert done.returncode != 0
    assert "release/" in done.stderr and "as it was" in done.stderr, done.stderr
    assert _files(course / "release") == before


def _secret_lines(source_text: str) -> set[str]:
    """Lines that exist only inside solution or hidden-test regions of a notebook."""
    inside = {line.strip() for m in _SECRET.finditer(source_text) for line in m.group(2).splitlines()}
    outside = _SECRET.sub("", source_text)
    return {line for line in inside if len(line) > 8 and line not in outside}


def test_no_solution_or_hidden_test_reaches_release():
    for name in NOTEBOOKS:
        source_text = "\n".join(c.source for c in load(SOURCE / name).cells)
        release_text = "\n".join(c.source for c in load(RELEASE / name).cells)
        secrets = _secret_lines(source_text)
        assert secrets, f"{name}: found no solution or hidden test in source (is the parser right?)"
        leaked = sorted(line for line in secrets if line in release_text)
        assert not leaked, f"{name}: solution or hidden-test lines in release/: {leaked}"
        for marker in ("BEGIN SOLUTION", "END SOLUTION", "BEGIN HIDDEN TESTS", "END HIDDEN TESTS"):
            assert marker not in release_text, f"{name}: {marker!r} left in release/"


def test_released_solution_cells_compile_and_say_what_to_fill():
    for name in NOTEBOOKS:
        for cell in load(RELEASE / name).cells:
            meta = cell.metadata.get("nbgrader", {})
            if meta.get("solution") and cell.cell_type == "code":
                compile(cell.source, f"{name}:{meta['grade_id']}", "exec")
                assert "# YOUR CODE HERE" in cell.source, f"{name}:{meta['grade_id']} lacks the stub"
