"""`course check-submissions`: what grading handles is a warning (exit 0), what it cannot is an error (exit 1)."""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path

import pytest

from course.tools import cli

RELEASE = Path(__file__).resolve().parents[2] / "release" / "async_patterns"
NAMES = sorted(p.name for p in RELEASE.glob("*.ipynb"))


@pytest.fixture
def course(tmp_path, monkeypatch):
    """A course folder with the release and nothing submitted yet; the command runs in it."""
    (tmp_path / "nbgrader_config.py").write_text("")
    (tmp_path / "source").mkdir()
    shutil.copytree(RELEASE, tmp_path / "release" / "async_patterns")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _submit(course: Path, student: str, names) -> Path:
    folder = course / "submitted" / student / "async_patterns"
    folder.mkdir(parents=True)
    for name in names:
        shutil.copy(RELEASE / name, folder / name)
    return folder


def _check(capsys) -> tuple[int, str]:
    code = cli.cmd_check_submissions(argparse.Namespace(fix=False))
    return code, capsys.readouterr().out


def test_a_missing_notebook_is_a_warning_and_the_class_is_ready(course, capsys):
    _submit(course, "ann", NAMES)
    _submit(course, "bob", NAMES[:1])  # handed in one notebook of three
    code, out = _check(capsys)
    assert code == 0, out
    assert "ERROR" not in out
    assert f"warning  bob: {NAMES[1]}: missing: graded as 0" in out
    assert "2 warning(s)" in out and "ready to autograde" in out


def test_what_cannot_be_graded_is_an_error_and_exits_1(course, capsys):
    _submit(course, "bob", NAMES[:1])
    (_submit(course, "cid", NAMES[1:]) / NAMES[0]).write_text("")  # empty
    misnamed = _submit(course, "dee", NAMES[1:])
    shutil.copy(RELEASE / NAMES[0], misnamed / NAMES[0].replace("easy", "Easy"))
    code, out = _check(capsys)
    assert code == 1, out
    assert f"ERROR    cid: {NAMES[0]}: the file is empty" in out
    assert f"ERROR    dee: {NAMES[0]}: missing, but" in out
    assert f"warning  bob: {NAMES[1]}: missing" in out
    assert "2 notebook(s) of 2 student(s) cannot be graded as they are" in out
