"""A kernel started ahead, for the next notebook the nbgrader run will grade (trusted side).

Trusted side: runs in nbgrader's process. The kernel it starts is an ordinary
graded kernel (`course.grading.sandboxed_kernel`), sandboxed, that has run
nothing yet.

Why: a sandboxed kernel takes ~0.6 s to answer (bubblewrap, the interpreter,
ipykernel's imports), and no kernel cell of a notebook can run before. Once a
notebook's kernel cells have run, its checks usually run on for a while
(P01's for ~0.8 s more) with a core to spare. So `ExecuteIsolated` then
starts the kernel of the next notebook nbgrader will grade, and that
notebook takes it ready instead of starting its own.

Why it is the same as the kernel the next notebook would start: it is made
by the same preprocessor class with the same configuration (nbgrader makes a
new preprocessor per notebook from one configuration), for the same kernel
name (a spare for another kernel is not taken), with a fresh scratch folder,
and no code has been sent to it. At most one is kept. One that is not taken
(the run ended, or grading stopped early) is killed and its scratch folder
removed when the process exits; bubblewrap's `--die-with-parent` kills it if
the process dies first.

Which notebook comes next is read from nbgrader's converter (the
preprocessor's parent's parent): `notebooks`, the sorted notebooks of the
submission being graded, and `assignments`, every submission of the run.
Where those are not there (another nbgrader, another converter), no spare is
started: each notebook then starts its own kernel, as before.
"""

from __future__ import annotations

import atexit
import os
import signal
import typing as t

#: The spare kernel's manager, once started; taken by the next notebook.
_spare: list[t.Any] = []
_exit_hook: list[bool] = []


def another_notebook_follows(preprocessor: t.Any, notebook: str | None) -> bool:
    """Whether the nbgrader run grades another notebook after `notebook` (its name, no suffix).

    Reads the converter (see the module docstring); False when it cannot tell.
    The next notebook may belong to another student: kernels are the same.
    """
    converter = getattr(getattr(preprocessor, "parent", None), "parent", None)
    notebooks = getattr(converter, "notebooks", None)
    submissions = getattr(converter, "assignments", None)
    if not notebook or not isinstance(notebooks, list) or not notebooks:
        return False
    names = [os.path.splitext(os.path.basename(str(path)))[0] for path in notebooks]
    if notebook not in names:
        return False
    if names.index(notebook) < len(names) - 1:
        return True
    if not isinstance(submissions, dict):
        return False
    folders = sorted(submissions)
    folder = os.path.dirname(str(notebooks[0]))
    return folder in folders and folders.index(folder) < len(folders) - 1


def keep(manager: t.Any) -> None:
    """Keep `manager` (its kernel started) for the next notebook; any older spare is killed."""
    discard()
    if not _exit_hook:
        atexit.register(discard)
        _exit_hook.append(True)
    _spare.append(manager)


def take(like: t.Any) -> t.Any | None:
    """The spare kernel's manager if it was made as `like` (same class and kernel name) and
    its kernel is still running; else None (a spare that does not fit is killed)."""
    if not _spare:
        return None
    manager = _spare.pop()
    process = getattr(getattr(manager, "provisioner", None), "process", None)
    if (type(manager) is type(like) and manager.kernel_name == like.kernel_name
            and process is not None and process.poll() is None):
        return manager
    kill(manager)
    return None


def discard() -> None:
    """Kill the spare kernel, if any, and remove what it left (at exit, or when replaced)."""
    while _spare:
        kill(_spare.pop())


def kill(manager: t.Any) -> None:
    """Kill `manager`'s kernel (its whole process group) and remove its connection file and scratch folder."""
    process = getattr(getattr(manager, "provisioner", None), "process", None)
    if process is not None and process.poll() is None:
        try:
            # jupyter_client starts each kernel in a session of its own: its group is its pid.
            os.killpg(process.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            process.kill()
        try:
            process.wait(timeout=5)
        except Exception:  # noqa: BLE001 - the sandbox dies with this process anyway
            pass
    try:
        manager.cleanup_connection_file()
    except Exception:  # noqa: BLE001
        pass
    discard_scratch = getattr(manager, "_discard_scratch", None)
    if discard_scratch is not None:
        discard_scratch()
