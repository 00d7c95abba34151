"""A course whose gradebook lives on a database server grades like one on SQLite.

The README documents `c.CourseDirectory.db_url` for a course that outgrows
one machine: every nbgrader command uses the server, and the workers of
`course autograde` write to it directly (no SQLite copies to merge). Here a
real PostgreSQL server (Debian's, started in a temporary folder) holds the
gradebook of one course copy; a small class is graded there with
`course autograde --jobs 2`, and the same class in a plain SQLite course
with `nbgrader autograde`. The two gradebooks must say the same, and the
instructor's reading tools (`course overview`, `read_scores`) must read the
server's.
"""

from __future__ import annotations

import shutil

import pytest

from classroom import roster
from conftest import ASSIGNMENT, NOTEBOOKS, Course, copy_course, course_cmd, gradebook_state, nbgrader
from postgres import running_postgres

from course.grading.scores import read_scores

pytestmark = pytest.mark.slow

FIRST = NOTEBOOKS[0]  # one notebook per student keeps this test quick


@pytest.fixture(scope="module")
def server_url():
    with running_postgres() as url:
        yield url


def test_a_class_graded_on_a_server_database_matches_sqlite(server_url, prepared_course, tmp_path):
    students = [s for s in roster(40) if s.variant is None or f"{s.problem}_solution" in
                {c.metadata.get("nbgrader", {}).get("grade_id") for c in s.notebooks()[FIRST].cells}][:4]
    assert any(s.failing for s in students) and any(not s.failing for s in students)

    plain = Course(tmp_path / "plain")
    shutil.copytree(prepared_course, plain.path)
    server = Course(copy_course(tmp_path / "server"))
    with open(server.path / "nbgrader_config.py", "a", encoding="utf-8") as config:
        config.write(f"\nc.CourseDirectory.db_url = {server_url!r}\n")
    nbgrader(server.path, "generate_assignment", ASSIGNMENT, "--force")
    assert not (server.path / "gradebook.db").exists(), "the server course must not use SQLite"
    for course in (plain, server):
        for student in students:
            course.submit(student.id, {FIRST: student.notebooks()[FIRST]})

    nbgrader(plain.path, "autograde", ASSIGNMENT)
    done = course_cmd(server, "autograde", "--jobs", "2")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "with 2 worker(s)" in done.stdout

    expected = gradebook_state(plain)
    assert sorted(expected) == sorted(s.id for s in students)
    assert gradebook_state(server) == expected
    assert read_scores(server.path, ASSIGNMENT) == read_scores(plain.path, ASSIGNMENT)
    assert not (server.path / "gradebook.db").exists()

    overview = {}
    for course in (plain, server):
        done = course_cmd(course, "overview")
        assert done.returncode == 0, done.stdout + done.stderr
        overview[course] = done.stdout.replace(str(course.path), "<course>")  # where the plots went
    assert overview[server] == overview[plain]
    assert f"{len(students)} graded student(s)" in overview[server]
