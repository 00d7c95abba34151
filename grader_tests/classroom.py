"""A synthetic class: students whose submissions mix correct and buggy solutions.

Each student hands in every notebook of the assignment, built like
test_submissions.py builds its variants: the release notebook with the
reference solutions, one problem's solution replaced by a graded variant
from submissions/ (whose first line says which test cells must fail). So
every student's exact expected score is known. Used by the instructor-guide
and parallel-grading tests and by benchmarks/grading.py.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from conftest import NOTEBOOKS, SOURCE, load
from test_submissions import VARIANTS, _expectation, _notebook_for, build_submission


@dataclass(frozen=True)
class Student:
    id: str
    variant: Path | None  # None: the reference solutions everywhere
    failing: frozenset[str] = field(default_factory=frozenset)  # grade ids that must score 0

    @property
    def problem(self) -> str | None:
        return self.variant.parent.name if self.variant else None

    def notebooks(self) -> dict[str, nbformat.NotebookNode]:
        """Every notebook of the assignment, as this student hands it in."""
        replaced = {}
        if self.variant is not None:
            replaced[_notebook_for(self.problem)] = {f"{self.problem}_solution": self.variant.read_text()}
        return {name: build_submission(name, replaced.get(name, {})) for name in NOTEBOOKS}


def _cheap(path: Path) -> bool:
    # Broken variants that spin or block cost seconds of guard time each; a
    # class of them would test the guards, not the workflow.
    return path.stem.startswith(("correct_", "buggy_")) or path.stem == "broken_syntax_error"


def roster(size: int, *, references: int = 2) -> list[Student]:
    """`size` students: `references` with every reference solution, the rest cycling
    over the problems, alternating buggy and correct variants."""
    by_problem: dict[str, list[Path]] = {}
    for path in VARIANTS:
        if _cheap(path):
            by_problem.setdefault(path.parent.name, []).append(path)
    for paths in by_problem.values():  # buggy first, correct second, and so on
        buggy = [p for p in paths if _expectation(p) is not None]
        correct = [p for p in paths if _expectation(p) is None]
        paths[:] = [p for pair in itertools.zip_longest(buggy, correct) for p in pair if p is not None]
    queues = [iter(itertools.cycle(paths)) for _, paths in sorted(by_problem.items())]
    students = [Student(f"s{i:02d}-reference", None) for i in range(references)]
    for i, queue in zip(range(references, size), itertools.cycle(queues)):
        path = next(queue)
        students.append(Student(f"s{i:02d}-{path.parent.name}-{path.stem.replace('_', '-')}", path,
                                frozenset(_expectation(path) or ())))
    return students


def max_points() -> dict[str, dict[str, float]]:
    """notebook (without .ipynb) -> grade_id -> points, from source/."""
    return {name.removesuffix(".ipynb"): {c.metadata["nbgrader"]["grade_id"]: float(c.metadata["nbgrader"]["points"])
                                          for c in load(SOURCE / name).cells
                                          if c.metadata.get("nbgrader", {}).get("grade")}
            for name in NOTEBOOKS}


def expected_scores(student: Student) -> dict[str, dict[str, float]]:
    """notebook -> grade_id -> the score this student must get."""
    return {nb: {gid: 0.0 if gid in student.failing else points for gid, points in cells.items()}
            for nb, cells in max_points().items()}
