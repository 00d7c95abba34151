"""Which of nbgrader's JupyterLab tools this environment shows: a student's or an instructor's.

`course nbgrader-ui student` sets a Python environment up as Binder's
(binder/postBuild runs it): *Validate* stays; the formgrader, create-assignment
(cell ids and lock toggles), the nbgrader menu, and the exchange-based assignment
and course lists are disabled and locked, so the Extension Manager cannot switch
them back on. `course nbgrader-ui instructor` unlocks and enables them again.
Both also disable JupyterLab's announcements plugin, whose first-run toast asks
whether to fetch Jupyter news: a student opening the course has nothing to
decide there (JupyterLab's documented switch, jupyterlab.readthedocs.io,
user/announcements; it also stops the check for JupyterLab updates).

Everything is written at the environment's level (`sys-prefix`: the virtual
environment, or Binder's image), never in the user's home folder, which a hub
may mount over and which other environments share.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

#: nbgrader's lab plugins a student never uses (Validate is @jupyter/nbgrader:validate-assignment).
INSTRUCTOR_PLUGINS = (
    "@jupyter/nbgrader:formgrader",
    "@jupyter/nbgrader:create-assignment",
    "@jupyter/nbgrader:assignment-list",
    "@jupyter/nbgrader:course-list",
    "@jupyter/nbgrader:menu",
)
#: nbgrader's server extensions behind those plugins (Validate needs only its own).
#: JupyterLab's news prompt and update check, off for everyone (not locked: one who wants the
#: news can switch it on in the Extension Manager).
NEWS_PLUGIN = "@jupyterlab/apputils-extension:announcements"
INSTRUCTOR_SERVER_EXTENSIONS = (
    "nbgrader.server_extensions.formgrader",
    "nbgrader.server_extensions.assignment_list",
    "nbgrader.server_extensions.course_list",
)


def _jupyter() -> str:
    """The `jupyter` command of this Python's environment."""
    beside = os.path.join(os.path.dirname(sys.executable), "jupyter")
    return beside if os.path.exists(beside) else (shutil.which("jupyter") or "jupyter")


def commands(role: str) -> list[list[str]]:
    """The jupyter commands that give this environment `role`'s nbgrader UI."""
    jupyter = _jupyter()
    if role == "student":
        return [[jupyter, "labextension", "disable", "--level=sys_prefix", *INSTRUCTOR_PLUGINS],
                [jupyter, "labextension", "lock", "--level=sys_prefix", *INSTRUCTOR_PLUGINS],
                [jupyter, "server", "extension", "disable", "--sys-prefix", *INSTRUCTOR_SERVER_EXTENSIONS],
                [jupyter, "labextension", "disable", "--level=sys_prefix", NEWS_PLUGIN]]
    if role == "instructor":
        return [[jupyter, "labextension", "unlock", "--level=sys_prefix", *INSTRUCTOR_PLUGINS],
                [jupyter, "labextension", "enable", "--level=sys_prefix", *INSTRUCTOR_PLUGINS],
                [jupyter, "server", "extension", "enable", "--sys-prefix", *INSTRUCTOR_SERVER_EXTENSIONS],
                [jupyter, "labextension", "disable", "--level=sys_prefix", NEWS_PLUGIN]]
    raise ValueError(f"role must be 'student' or 'instructor', not {role!r}")


def set_role(role: str, quiet: bool = False) -> int:
    """Run `commands(role)`; 0 if all succeeded."""
    for command in commands(role):
        done = subprocess.run(command, capture_output=True, text=True)
        if done.returncode != 0:
            print(f"course nbgrader-ui: `{' '.join(command[1:])}` failed:\n{done.stdout}{done.stderr}",
                  file=sys.stderr)
            return done.returncode
    if not quiet:
        shown = ("Validate only (the formgrader, create-assignment, the nbgrader menu and the "
                 "assignment and course lists are off and locked)" if role == "student"
                 else "every nbgrader tool (formgrader, create-assignment, the nbgrader menu, "
                 "assignment and course lists, Validate)")
        shown += ", and no Jupyter news prompt"
        print(f"JupyterLab in {sys.prefix} now shows {shown}. Restart a running JupyterLab to see it.")
    return 0
