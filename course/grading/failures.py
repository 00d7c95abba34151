"""Read a failed check back out of a graded notebook.

A hidden test that fails raises a `course.testing.CheckFailed` subclass; the
kernel records it in the cell's error output as `ename` (the class name) and
`evalue` (its message, whose lines are laid out by `CheckFailed.__str__`):

    Invariant broken: <invariant> — but <what was seen>
    What was checked: <the property, in general terms>
    Schedule seed: <seed>  (replay: ...)

Feedback (`TeachingFeedback`) and the class overview both need those parts
back; any other exception (a NameError in a hidden test, say) is reported
with its type and message.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from nbformat.notebooknode import NotebookNode

from ..testing import CheckFailed


def _subclasses(cls: type) -> set[type]:
    return {cls} | {c for sub in cls.__subclasses__() for c in _subclasses(sub)}


#: Names of the exceptions the harness raises for a failed check.
HARNESS_FAILURES = frozenset(c.__name__ for c in _subclasses(CheckFailed))

_PROBLEM = re.compile(r"(p\d\d)_")


@dataclass(frozen=True)
class FailedCheck:
    grade_id: str
    kind: str  # the exception's class name, e.g. "InvariantBroken"
    title: str  # e.g. "Invariant broken", "Deadlock"
    invariant: str  # the property that failed, as specific as the message says it
    checked: str  # the property in general terms (same for every seed): used to group failures
    seen: str
    seed: int | None
    harness: bool  # raised by course.testing (so the message is a complete explanation)

    @property
    def problem(self) -> str | None:
        return problem_of(self.grade_id)


def problem_of(grade_id: str) -> str | None:
    match = _PROBLEM.match(grade_id or "")
    return match.group(1) if match else None


def cell_description(cell: NotebookNode) -> str:
    """What a test cell checks, from its first comment line ('# Hidden test (2 points): <this>')."""
    for line in cell.source.splitlines():
        if line.startswith("#") and "BEGIN HIDDEN TESTS" not in line:
            text = line.lstrip("#").strip()
            return text.split(": ", 1)[1] if ": " in text else text
        if line.strip():
            break
    return ""


def failed_check(cell: NotebookNode) -> FailedCheck | None:
    """The failure a graded test cell shows, or None if its outputs hold no error."""
    errors = [o for o in cell.get("outputs", []) if o.get("output_type") == "error"]
    if not errors:
        return None
    error = errors[-1]
    kind, message = error.get("ename", ""), error.get("evalue", "")
    grade_id = cell.metadata.get("nbgrader", {}).get("grade_id", "")
    description = cell_description(cell)
    if kind not in HARNESS_FAILURES:
        seen = f"{kind}: {message}".strip(": ")
        return FailedCheck(grade_id, kind, "Error", description, description or kind, seen, None, False)
    lines = message.splitlines()
    head = lines[0] if lines else ""
    title, _, rest = head.partition(": ")
    checked = next((line.removeprefix("What was checked: ") for line in lines
                    if line.startswith("What was checked: ")), "")
    seed_match = next((re.match(r"Schedule seed: (\d+)", line) for line in lines
                       if line.startswith("Schedule seed: ")), None)
    if kind == "InvariantBroken" and " — but " in rest:
        invariant, _, seen = rest.partition(" — but ")
    else:
        invariant, seen = checked or description or title, rest
    return FailedCheck(grade_id, kind, title, invariant, checked or invariant, seen,
                       int(seed_match.group(1)) if seed_match else None, True)
