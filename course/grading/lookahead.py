"""The checks of a submission's later notebooks, started while its first one is graded.

Trusted side: runs in nbgrader's process (`ExecuteIsolated`). No student code
runs here; what it starts are the usual sandboxed check processes.

nbgrader autogrades a submission's notebooks one after another, each in two
passes: sanitize (restore what students may not change), then autograde. A
notebook's checks can start only once its sanitized cells are known, so
without this module each notebook's checks start with its kernel and the
grader waits for the last of them before the next notebook; meanwhile a core
is idle while nbgrader saves scores and sanitizes the next notebook.

So when a submission's first notebook is autograded, its later notebooks
are forecast: what nbgrader's sanitizing pass should make of each, read
from the instructor's notebook in source/ (which holds what the gradebook
restores, hidden tests included) with the submission's solution cells
pasted in as `RebuildFromRelease` pastes them. Their problems' checks are
queued behind the first notebook's, on the same workers. When nbgrader
reaches a later notebook, a problem whose cells (grade id, role, source:
everything its check process is given) are exactly those of the check
started early takes that check's result; any other problem (source/ edited
since generate_assignment, a configuration that sanitizes otherwise) has its
early check dropped (killed if it runs) and runs afresh. A check process's
outcome depends only on its cells and what its code does with chance
(hidden tests are deterministic: virtual time, fixed seeds), so grades are
those of grading without lookahead; only when the work is done changes. (A
solution that behaves by the wall clock or the machine's load can tell the
difference, as it can between two runs; it earns nothing its code does not do.)
The time it saves, on 2 cores: benchmarks/grading.py and the README.

Forecasting a notebook costs about 10 ms (two JSON reads, `DeduplicateIds`, `rebuild`), and
runs while the first notebook's kernel boots. If nbgrader stops a submission
part-way (a notebook it cannot read, an error in a later preprocessor), the
checks started early for its other notebooks are dropped (killed if running)
when the next submission starts, or when the interpreter exits.
"""

from __future__ import annotations

import functools
import logging
import os
import threading
import typing as t

import nbformat
from nbgrader.preprocessors import DeduplicateIds

from .problem_checks import Problem, ProblemChecks, ProblemResult, split_problems
from .rebuild_from_release import rebuild
from .sandbox import Sandbox

#: The log of what the forecast borrows from nbgrader's sanitizing pass: nbgrader logs the real pass.
_SILENT = logging.getLogger("course.grading.lookahead.forecast")
_SILENT.addHandler(logging.NullHandler())
_SILENT.propagate = False


class Lookahead:
    """One submission's check processes, keyed by (notebook id, problem name)."""

    #: The submission being graded by this process, if any (nbgrader grades one at a time).
    current: Lookahead | None = None

    def __init__(self, submission: tuple[str, str, str], checks: ProblemChecks, later: list[str],
                 log: logging.Logger) -> None:
        self.submission = submission  # (course root, student id, assignment id)
        self.checks = checks
        self.later = later  # notebook ids still to come, in nbgrader's order
        self.ahead: dict[tuple[str, str], Problem] = {}  # checks started early and not yet claimed
        self.started = 0  # problems whose checks were started early
        self.adopted = 0  # ... and whose results grading used
        self.log = log

    def close(self) -> None:
        """Drop whatever checks are still running or queued, and forget the submission."""
        self.checks.close()
        if Lookahead.current is self:
            Lookahead.current = None
        self.log.debug("%s: the checks of %d of the %d problem(s) started early were used",
                       self.submission[1], self.adopted, self.started)

    @classmethod
    def close_current(cls) -> None:
        if cls.current is not None:
            cls.current.close()


class NotebookChecks:
    """The checks of one notebook, as `ExecuteIsolated` uses them: `look_ahead()` once its kernel
    is launched, `result(name)`, then `close()`."""

    def __init__(self, sources: dict[str, tuple[ProblemChecks, t.Any]], fresh: ProblemChecks | None,
                 lookahead: Lookahead | None, look_ahead: t.Callable[[], None] | None = None) -> None:
        self._sources = sources  # problem name -> (the checks running it, its key there)
        self._fresh = fresh
        self._lookahead = lookahead
        self._look_ahead = look_ahead

    def look_ahead(self) -> None:
        """Start the checks of the submission's later notebooks, if this notebook is its first
        (once; then a no-op). Blocks while it forecasts them (about 10 ms a notebook)."""
        look_ahead, self._look_ahead = self._look_ahead, None
        if look_ahead is not None:
            look_ahead()

    def result(self, name: str) -> ProblemResult:
        checks, key = self._sources[name]
        return checks.result(key)

    def close(self) -> None:
        if self._fresh is not None:
            self._fresh.close()
        if self._lookahead is not None and not self._lookahead.later:
            self._lookahead.close()  # the submission's last notebook


def notebook_checks(preprocessor: t.Any, problems: dict[str, Problem], sandbox: Sandbox, *, workers: int,
                    fork_server: bool, lookahead: bool) -> NotebookChecks:
    """The checks of the notebook `preprocessor` (an `ExecuteIsolated`) is grading, whose
    problems are `problems`: started now, or taken from those started early.

    Looks ahead only inside nbgrader's `Autograde` converter (found as the preprocessor's
    exporter's parent); elsewhere, or with `lookahead` False, the notebook's checks are its own.
    """
    resources = preprocessor.resources if isinstance(preprocessor.resources, dict) else {}
    info = resources.get("nbgrader", {})
    notebook = str(info.get("notebook", ""))
    converter = _converter(preprocessor) if lookahead else None
    if converter is None:
        checks = ProblemChecks(problems, sandbox, workers=workers, fork_server=fork_server)
        return NotebookChecks({name: (checks, name) for name in problems}, checks, None)
    submission = (str(converter.coursedir.root), str(info.get("student", "")), str(info.get("assignment", "")))
    current = Lookahead.current
    if current is not None and (current.submission != submission or notebook not in current.later):
        current.close()  # another submission, or this one again from its start: what is left is stale
        current = None
    if current is None:
        return _first(preprocessor, converter, notebook, problems, sandbox, workers, fork_server, submission)
    current.later.remove(notebook)
    sources: dict[str, tuple[ProblemChecks, t.Any]] = {}
    missing: dict[str, Problem] = {}
    for name, problem in problems.items():
        key = (notebook, name)
        if key in current.ahead and current.ahead.pop(key).cells == problem.cells:
            sources[name] = (current.checks, key)
            current.adopted += 1
        else:
            current.checks.drop(key)  # started early with other cells, or never: runs afresh below
            missing[name] = problem
    for key in [key for key in current.ahead if key[0] == notebook]:
        current.checks.drop(key)  # a problem nbgrader's pass does not have
        del current.ahead[key]
    fresh = None
    if missing:
        preprocessor.log.debug("%s/%s: %d problem(s) differ from the checks started early; run afresh",
                               submission[1], notebook, len(missing))
        fresh = ProblemChecks(missing, sandbox, workers=workers, fork_server=fork_server)
        sources.update({name: (fresh, name) for name in missing})
    return NotebookChecks(sources, fresh, current)


def _first(preprocessor: t.Any, converter: t.Any, notebook: str, problems: dict[str, Problem], sandbox: Sandbox,
           workers: int, fork_server: bool, submission: tuple[str, str, str]) -> NotebookChecks:
    """The submission's first notebook: its checks now; those of the notebooks after it at
    `look_ahead` (called by `ExecuteIsolated` once its kernel is launched, so that they are
    forecast while the kernel boots)."""
    checks = ProblemChecks({}, sandbox, workers=workers, fork_server=fork_server)
    for name, problem in problems.items():
        checks.start((notebook, name), problem)
    later = _later_notebooks(converter, notebook)
    lookahead = Lookahead(submission, checks, [nb_id for nb_id, _ in later], preprocessor.log)
    Lookahead.current = lookahead
    _drop_at_exit()

    def look_ahead() -> None:
        for nb_id, path in later:
            try:
                ahead = split_problems(_foreseen(converter, path, submission[2]))
                for name, problem in ahead.items():
                    checks.start((nb_id, name), problem)
                    lookahead.ahead[(nb_id, name)] = problem
                    lookahead.started += 1
            except Exception as exc:  # noqa: BLE001 - nbgrader's own pass will meet (and report) it
                preprocessor.log.debug("%s: its checks were not started early (%r)", path, exc)
    return NotebookChecks({name: (checks, (notebook, name)) for name in problems}, None, lookahead, look_ahead)


@functools.cache
def _drop_at_exit() -> None:
    """Have the checks of a submission nbgrader left part-way dropped when the interpreter exits.

    Registered with threading's exit hooks, which run before the interpreter joins the
    check workers (concurrent.futures joins its threads there, after finishing every job
    still queued); Python's `atexit` runs too late for that. Where that private hook is
    missing, such checks run to their end before nbgrader exits."""
    register = getattr(threading, "_register_atexit", None)
    if register is not None:
        register(Lookahead.close_current)


def _converter(preprocessor: t.Any) -> t.Any:
    """nbgrader's Autograde converter running `preprocessor`, if that is what runs it."""
    from nbgrader.converters import Autograde
    exporter = getattr(preprocessor, "parent", None)
    converter = getattr(exporter, "parent", None)
    sanitizing = getattr(converter, "_sanitizing", True)  # nbgrader's flag for its first pass
    return converter if isinstance(converter, Autograde) and not sanitizing else None


def _later_notebooks(converter: t.Any, notebook: str) -> list[tuple[str, str]]:
    """(notebook id, path) of the notebooks nbgrader will autograde after `notebook`, in its order."""
    ids = [(os.path.splitext(os.path.basename(path))[0], path) for path in converter.notebooks]
    names = [nb_id for nb_id, _ in ids]
    return ids[names.index(notebook) + 1:] if notebook in names else []


def _foreseen(converter: t.Any, path: str, assignment: str) -> nbformat.NotebookNode:
    """The notebook at `path` as nbgrader's sanitizing pass should hand it on, foreseen cheaply
    (no gradebook, no validation): the instructor's notebook in source/, which holds what the
    gradebook restores (hidden tests included), with the submission's solution cells (the last
    of each grade id, as nbgrader's `DeduplicateIds` keeps it) pasted in as `RebuildFromRelease`
    pastes them. Only a forecast: a check started from it is used only
    if nbgrader's own pass gives the problem exactly these cells. Raises OSError or ValueError
    for a notebook that cannot be read."""
    coursedir = converter.coursedir
    source = os.path.join(coursedir.format_path(coursedir.source_directory, ".", assignment), os.path.basename(path))
    with open(path, encoding="utf-8") as file:
        submitted = nbformat.v4.reads(file.read())
    # A grade id used twice keeps its last cell, as nbgrader's DeduplicateIds (run before
    # RebuildFromRelease) decides; its warning is nbgrader's to log, in the real pass.
    deduplicate = DeduplicateIds(log=_SILENT)
    submitted, _ = deduplicate.preprocess(submitted, {})
    return rebuild(nbformat.v4.reads(_text(source)), submitted)[0]


@functools.lru_cache(maxsize=16)
def _read_text(path: str, stamp: tuple[int, int]) -> str:
    with open(path, encoding="utf-8") as file:
        return file.read()


def _text(path: str) -> str:
    """A source notebook's text, read once per version of the file (every student's forecast uses it)."""
    status = os.stat(path)
    return _read_text(path, (status.st_mtime_ns, status.st_size))
