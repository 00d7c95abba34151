"""nbgrader extensions and grading tools for the course.

- `RebuildFromRelease` (a preprocessor, configured in nbgrader_config.py):
  grades a submission from the instructor's cells plus the student's
  solution cells alone, and reports any tampering in the graded notebook.
- `TeachingFeedback` (a preprocessor for generate_feedback): explains each
  failed check, links the hints, keeps hidden test code out of feedback;
  `ClearHiddenTestsInFeedback`: nbgrader's ClearHiddenTests, minus a needless warning.
- `CheckCellMetadataOnce` (a preprocessor for autograde): nbgrader's
  metadata check with its schema compiled once, not once per cell.
- `ExecutePromptly` (a preprocessor for autograde): nbgrader's Execute
  without the idle waits around starting and stopping each kernel.
- `ExecuteIsolated` (a preprocessor for autograde, used instead of the
  above): the kernel in a bubblewrap sandbox, restarted if it dies, and each
  problem's test cells in a sandboxed process of their own (`lookahead`:
  a submission's later notebooks' checks start while its first is graded).
- `SanitizeOutputs` (a preprocessor for autograde, after execution): every
  output of a graded notebook made inert (no script, style or URL), for the
  feedback and formgrader pages that render it.
- `ClassmateSafeCollector` and `OneArchiveAtATimeExtractor` (in `zip_collector`, `zip_extractor`: zip_collect
  plugins): no notebook collected for a classmate, and no student's upload stops the class's collection.
- `autograde_class` (in `parallel`): nbgrader autograde on every core.
- `read_scores`: every graded cell's score, per student and notebook.
"""

from .check_cell_metadata import CheckCellMetadataOnce
from .clear_hidden_tests import ClearHiddenTestsInFeedback
from .execute_isolated import ExecuteIsolated
from .execute_promptly import ExecutePromptly
from .rebuild_from_release import RebuildFromRelease
from .sanitize_outputs import SanitizeOutputs
from .scores import CellScore, read_scores
from .teaching_feedback import TeachingFeedback

__all__ = ["CheckCellMetadataOnce", "ClearHiddenTestsInFeedback", "ExecuteIsolated", "ExecutePromptly", "RebuildFromRelease", "SanitizeOutputs", "TeachingFeedback", "read_scores", "CellScore"]
