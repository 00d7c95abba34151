"""Check a class's submitted notebooks before autograding, with clear messages.

nbgrader skips a misnamed notebook with a warning, and reports an empty or
corrupt one as a long traceback in the middle of the batch. This check runs
first and says, per student and file, what is wrong and what to do; with
`fix=True` it copies a misnamed notebook to the expected name (the original
stays where it was: nothing is lost) and upgrades old-format notebooks in
place after keeping a backup.
"""

from __future__ import annotations

import difflib
import json
import shutil
from dataclasses import dataclass
from pathlib import Path

import nbformat


#: How much a finding matters. An error: the notebook cannot be graded as it is (nbgrader
#: fails on it, or would grade the student without the work they handed in). A warning:
#: grading handles it, and the instructor may want to know (a missing notebook scores 0).
#: A note: nothing to do.
ERROR, WARNING, NOTE = "error", "warning", "note"


@dataclass(frozen=True)
class Finding:
    student: str
    file: str
    problem: str
    level: str  # ERROR, WARNING or NOTE

    @property
    def fatal(self) -> bool:
        """Whether the notebook cannot be graded as it is."""
        return self.level == ERROR

    def __str__(self) -> str:
        return f"{self.student}: {self.file}: {self.problem}"


def _normal(name: str) -> str:
    return "".join(ch for ch in name.lower() if ch.isalnum())


def _closest(name: str, candidates: list[str]) -> str | None:
    """The submitted file that is most likely meant to be `name` (case, copies, spaces)."""
    stem = _normal(Path(name).stem)
    scored = [(difflib.SequenceMatcher(None, stem, _normal(Path(c).stem)).ratio(), c) for c in candidates]
    scored = [s for s in scored if s[0] >= 0.75]
    return max(scored)[1] if scored else None


def _read_problem(path: Path) -> tuple[str | None, int | None]:
    """Why `path` is not a readable notebook (None if it is), and its nbformat major version."""
    raw = path.read_bytes()
    if not raw.strip():
        return "the file is empty (0 bytes of notebook): ask the student to submit again", None
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        return "the file is not text (not a notebook saved by Jupyter)", None
    except json.JSONDecodeError as exc:
        return (f"the file is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg}); it was "
                "probably cut off while saving or uploading"), None
    if not isinstance(data, dict) or "nbformat" not in data:
        return "the file is JSON but not a notebook (no nbformat field)", None
    try:
        nbformat.reads(raw.decode("utf-8"), as_version=4)
    except Exception as exc:  # nbformat raises several types for broken notebooks
        return f"the notebook cannot be read: {exc}", None
    return None, data["nbformat"]


def check_submissions(course_dir: Path, assignment: str, fix: bool = False) -> list[Finding]:
    """Findings for every student folder under submitted/ (see module doc)."""
    course_dir = Path(course_dir)
    expected = sorted(p.name for p in (course_dir / "release" / assignment).glob("*.ipynb"))
    findings: list[Finding] = []
    for student_dir in sorted(p for p in (course_dir / "submitted").glob("*") if p.is_dir()):
        student = student_dir.name
        folder = student_dir / assignment
        if not folder.is_dir():
            findings.append(Finding(student, f"{assignment}/", "no submission folder for this assignment: nothing "
                                    "to grade (nbgrader skips this student)", WARNING))
            continue
        present = sorted(p.name for p in folder.glob("*.ipynb"))
        unmatched = [p for p in present if p not in expected]
        for name in expected:
            path = folder / name
            if not path.exists():
                guess = _closest(name, unmatched)
                if guess is None:
                    # nbgrader grades the student's other notebooks and scores this one 0.
                    findings.append(Finding(student, name, "missing: graded as 0 (the student's other notebooks "
                                            "are graded)", WARNING))
                    continue
                if not fix:
                    findings.append(Finding(student, name, f"missing, but {guess!r} looks like it: rename it "
                                            "(or run with --fix to copy it to the expected name); as it is, "
                                            "nbgrader grades this notebook as missing", ERROR))
                    continue
                shutil.copy2(folder / guess, path)
                unmatched.remove(guess)
                findings.append(Finding(student, name, f"copied from {guess!r} (kept too)", NOTE))
            problem, version = _read_problem(path)
            if problem:
                findings.append(Finding(student, name, problem, ERROR))
            elif version is not None and version < 4:
                if fix:
                    backup = path.with_suffix(f".v{version}.ipynb.bak")
                    shutil.copy2(path, backup)
                    nbformat.write(nbformat.read(path, as_version=4), path)
                    findings.append(Finding(student, name, f"upgraded from nbformat {version} to 4 "
                                            f"(original kept as {backup.name})", NOTE))
                else:
                    findings.append(Finding(student, name, f"old nbformat {version}: nbgrader upgrades it; "
                                            "--fix upgrades the file itself", NOTE))
        for name in unmatched:
            findings.append(Finding(student, name, "not part of the assignment: not graded", NOTE))
    return findings
