"""`course nbgrader-ui`: the student's JupyterLab as on Binder, the instructor's tools on demand."""

from __future__ import annotations

from pathlib import Path

import pytest

from course.tools.cli import main
from course.tools.nbgrader_ui import INSTRUCTOR_PLUGINS, NEWS_PLUGIN, commands

ROOT = Path(__file__).resolve().parents[2]


def test_student_disables_and_locks_what_only_an_instructor_uses_and_keeps_validate():
    disable, lock, server, _news = commands("student")
    assert disable[1:4] == ["labextension", "disable", "--level=sys_prefix"]
    assert lock[1:4] == ["labextension", "lock", "--level=sys_prefix"]
    assert server[1:5] == ["server", "extension", "disable", "--sys-prefix"]
    for plugin in ("@jupyter/nbgrader:formgrader", "@jupyter/nbgrader:create-assignment", "@jupyter/nbgrader:menu"):
        assert plugin in disable and plugin in lock
    assert not [c for c in disable + lock + server if "validate" in c]
    assert "nbgrader.server_extensions.formgrader" in server


def test_instructor_undoes_exactly_that():
    unlock, enable, server, _news = commands("instructor")
    assert unlock[1:3] == ["labextension", "unlock"] and enable[1:3] == ["labextension", "enable"]
    assert unlock[4:] == enable[4:] == list(INSTRUCTOR_PLUGINS)
    assert server[1:4] == ["server", "extension", "enable"] and server[5:] == commands("student")[2][5:]


def test_no_role_gets_jupyterlabs_news_prompt():
    # A student opening the course was asked "Would you like to receive official Jupyter news?".
    for role in ("student", "instructor"):
        news = commands(role)[-1]
        assert news[1:] == ["labextension", "disable", "--level=sys_prefix", NEWS_PLUGIN]
    assert NEWS_PLUGIN == "@jupyterlab/apputils-extension:announcements"  # JupyterLab 4's plugin id


def test_binder_runs_the_student_setup():
    assert "course nbgrader-ui student" in (ROOT / "binder" / "postBuild").read_text()


def test_quick_start_sets_the_student_up_and_the_instructor_guide_names_the_instructor_command():
    readme = (ROOT / "README.md").read_text()
    quick_start = readme[readme.index("## Quick start"):readme.index("## For students")]
    assert "course nbgrader-ui student && jupyter lab" in quick_start
    assert "course nbgrader-ui instructor" in readme[readme.index("## For instructors"):]


def test_an_unknown_role_is_refused():
    with pytest.raises(SystemExit):
        main(["nbgrader-ui", "grader"])
    with pytest.raises(ValueError):
        commands("grader")
