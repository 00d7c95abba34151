"""A kernel started ahead for the notebook nbgrader grades next.

Trusted side: runs in nbgrader's process (`ExecuteIsolated`). The kernel it
starts is the usual sandboxed kernel (`SandboxedKernelManager`); no student
code runs in it until the notebook that takes it runs its first cell.

nbgrader grades a run's notebooks one after another, and each waits for its
kernel to boot (0.5-0.9 s on 2 cores: an interpreter importing ipykernel,
inside a new sandbox). A sandboxed kernel depends on nothing of the notebook
it will run: it reads only the Python environment and the `course` package,
and its HOME is a fresh scratch folder (`course.grading.sandbox`). So once a
notebook's kernel cells have run, while the grader waits for that notebook's
last checks and nbgrader saves its scores and sanitizes the next notebook,
the next notebook's kernel is launched (`launch_spare`); the next notebook
takes it (`take_spare`) if it wants the same kernel (kernel name and
arguments) and the spare is still alive, and otherwise it is shut down and a
kernel is started as before. One spare at most, only when nbgrader has
another notebook to grade after this one in this run (a later notebook of the
same submission, or a later submission), so a run's last notebook starts none.

Nothing about grading changes: each notebook still gets a kernel of its own,
started fresh in a sandbox and cgroup of its own; only when it boots changes.
A spare that no notebook takes (nbgrader skipped the next submission, or
stopped) is killed, with its cgroup and scratch folder, when the interpreter
exits. What it saves, on 2 cores: benchmarks/grading.py and the README.
"""

from __future__ import annotations

import atexit
import functools
import os
import signal
import typing as t

#: The spare kernel's manager and what it was launched for: (kernel name, kernel arguments).
_spare: tuple[t.Any, tuple[str, tuple[str, ...]]] | None = None


def _wanted(preprocessor: t.Any) -> tuple[str, tuple[str, ...]]:
    """What a kernel started now by `preprocessor` (an nbclient NotebookClient) would be launched
    with: its kernel name and arguments (nbclient adds the history file's to `extra_arguments`
    when it starts a kernel, so that one is taken from `ipython_hist_file`)."""
    arguments = [a for a in preprocessor.extra_arguments if not a.startswith("--HistoryManager.hist_file")]
    return str(preprocessor.kernel_name or ""), (*arguments, f"hist_file={preprocessor.ipython_hist_file}")


async def launch_spare(preprocessor: t.Any) -> None:
    """Launch the kernel for the notebook nbgrader grades after the one `preprocessor` (an
    `ExecuteIsolated` whose kernel cells have run and whose kernel is stopped) grades, if there
    is one; returns once its process is launched (it boots meanwhile)."""
    global _spare
    if _spare is not None or not _more_to_grade(preprocessor):
        return
    kept = preprocessor.km, preprocessor.kc, list(preprocessor.extra_arguments)
    wanted = _wanted(preprocessor)
    try:
        # nbclient's own way of starting a kernel (manager class, kernel name, history file
        # argument), so the spare is the kernel the next notebook would start itself.
        preprocessor.km = None
        km = preprocessor.create_kernel_manager()
        await preprocessor.async_start_new_kernel()
    except Exception as exc:  # noqa: BLE001 - no spare: the next notebook starts its own kernel
        preprocessor.log.debug("no spare kernel: %r", exc)
        km = preprocessor.km
        if km is not None:
            await _shut_down(km)
    else:
        _spare = (km, wanted)
        _discard_at_exit()
    finally:
        preprocessor.km, preprocessor.kc, preprocessor.extra_arguments = kept


async def take_spare(preprocessor: t.Any) -> t.Any:
    """The spare kernel's manager, launched, if it is the kernel `preprocessor` (whose
    `create_kernel_manager` has set its kernel name) would start and it is alive; else None,
    and a spare that does not fit is shut down."""
    global _spare
    if _spare is None:
        return None
    (km, launched), _spare = _spare, None
    if launched == _wanted(preprocessor):
        try:
            if await km.is_alive():
                return km
        except Exception as exc:  # noqa: BLE001 - a spare that cannot say is not taken
            preprocessor.log.debug("the spare kernel is not taken: %r", exc)
    await _shut_down(km)
    return None


async def _shut_down(km: t.Any) -> None:
    for step in (lambda: km.shutdown_kernel(now=True), km.cleanup_resources):
        try:
            await step()
        except Exception:  # noqa: BLE001 - (already dead, or nothing left to release); never a grader's error
            pass


def _more_to_grade(preprocessor: t.Any) -> bool:
    """Whether nbgrader's Autograde converter running `preprocessor` grades another notebook after
    this one: a later notebook of this submission, or a later submission (nbgrader's order)."""
    from .lookahead import converter_of, later_notebooks

    converter = converter_of(preprocessor)
    if converter is None:
        return False
    resources = preprocessor.resources if isinstance(preprocessor.resources, dict) else {}
    if later_notebooks(converter, str(resources.get("nbgrader", {}).get("notebook", ""))):
        return True
    submissions = sorted(getattr(converter, "assignments", {}))
    now = [key for key in submissions if sorted(converter.assignments[key]) == list(converter.notebooks)]
    return bool(now) and submissions.index(now[-1]) < len(submissions) - 1


def discard_spare() -> None:
    """Kill the spare kernel, if any, and remove its cgroup and scratch folder (the exit hook)."""
    global _spare
    if _spare is None:
        return
    (km, _), _spare = _spare, None
    process = getattr(getattr(km, "provisioner", None), "process", None)
    discard = [getattr(km, "_discard_cgroup", None), getattr(km, "_discard_scratch", None)]
    if process is not None:
        try:
            os.killpg(process.pid, signal.SIGKILL)  # (jupyter_client starts it in a session of its own)
        except OSError:
            pass
        process.wait()
    for step in discard:
        if step is not None:
            step()


@functools.cache
def _discard_at_exit() -> None:
    atexit.register(discard_spare)
