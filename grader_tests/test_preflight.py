"""Bad files in a class: each named with a clear message, and the rest graded."""

from __future__ import annotations

import subprocess
import sys

import nbformat

from conftest import ASSIGNMENT, NOTEBOOKS, RELEASE, SOURCE

NAME = "1_easy.ipynb"


def _course_cmd(course, *args):
    return subprocess.run([sys.executable, "-m", "course.tools.cli", *args], cwd=course.path,
                          capture_output=True, text=True, timeout=120)


def test_bad_files_are_named_and_the_rest_of_the_class_is_graded(graded_course):
    course = graded_course
    folder = lambda student: course.path / "submitted" / student / ASSIGNMENT  # noqa: E731
    others = {name: SOURCE / name for name in NOTEBOOKS if name != NAME}
    course.submit("good", {NAME: SOURCE / NAME, **others})
    course.submit("misnamed", {"1_Easy.ipynb": SOURCE / NAME, **others})
    course.submit("empty", {})
    (folder("empty") / NAME).write_text("")
    course.submit("badjson", {})
    (folder("badjson") / NAME).write_text('{"cells": [')
    course.submit("missing", {})
    course.submit("oldformat", {})
    nbformat.write(nbformat.convert(nbformat.read(RELEASE / NAME, as_version=4), 3),
                   folder("oldformat") / NAME, version=3)

    check = _course_cmd(course, "check-submissions")
    assert check.returncode == 1, check.stdout
    out = check.stdout
    assert f"badjson: {NAME}: the file is not valid JSON" in out
    assert f"empty: {NAME}: the file is empty" in out
    assert f"missing: {NAME}: missing" in out
    assert f"misnamed: {NAME}: missing, but '1_Easy.ipynb' looks like it" in out
    assert f"oldformat: {NAME}: old nbformat 3" in out
    assert "good" not in out

    fixed = _course_cmd(course, "check-submissions", "--fix")
    assert f"misnamed: {NAME}: copied from '1_Easy.ipynb'" in fixed.stdout
    assert (folder("misnamed") / "1_Easy.ipynb").exists(), "the original file must be kept"

    scores = course.autograde(check=False)  # exits 1: badjson and empty cannot be graded
    log = course.last.stdout + course.last.stderr
    assert "badjson" in log and "empty" in log
    easy = NAME.removesuffix(".ipynb")
    total = lambda student: sum(c.score for c in scores[student][easy].values())  # noqa: E731
    maximum = sum(c.max_score for c in scores["good"][easy].values())
    assert total("good") == maximum
    assert total("misnamed") == maximum, "the fixed name was graded"
    assert total("oldformat") == 0, "the untouched release in nbformat 3 was graded (and scored 0)"
