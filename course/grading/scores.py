"""Read scores out of an nbgrader gradebook, per student, notebook and test cell."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from nbgrader.api import Gradebook, MissingEntry

from .settings import course_settings


@dataclass(frozen=True)
class CellScore:
    score: float
    max_score: float


# student -> notebook -> grade_id -> CellScore
Scores = dict[str, dict[str, dict[str, CellScore]]]


def read_scores(course_dir: Path, assignment: str = "async_patterns") -> Scores:
    """Every graded cell's score for every student with a submission, from the
    course's gradebook (its nbgrader_config.py db_url; SQLite by default)."""
    result: Scores = {}
    db_url, course_id = course_settings(Path(course_dir).resolve())
    with Gradebook(db_url, course_id) as gb:
        for student in gb.students:
            try:
                submission = gb.find_submission(assignment, student.id)
            except MissingEntry:
                continue
            result[student.id] = {
                nb.name: {g.name: CellScore(g.score, g.max_score) for g in nb.grades}
                for nb in submission.notebooks
            }
    return result
