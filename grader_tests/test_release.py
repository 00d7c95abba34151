"""release/ is exactly what nbgrader makes from source/, and keeps no secrets."""

from __future__ import annotations

import re
import shutil

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
