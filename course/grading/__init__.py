"""nbgrader extensions and grading tools for the course.

- `RebuildFromRelease` (a preprocessor, configured in nbgrader_config.py):
  grades a submission from the instructor's cells plus the student's
  solution cells alone, and reports any tampering in the graded notebook.
- `read_scores`: every graded cell's score, per student and notebook.
"""

from .rebuild_from_release import RebuildFromRelease
from .scores import CellScore, read_scores

__all__ = ["RebuildFromRelease", "read_scores", "CellScore"]
