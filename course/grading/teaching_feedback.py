"""Preprocessor for `nbgrader generate_feedback`: feedback that teaches, and
keeps hidden tests hidden.

nbgrader's feedback HTML shows every test cell's source, hidden tests
included, and for a failed test only the raw error. Configured in
nbgrader_config.py as

    c.GenerateFeedback.preprocessors = [GetGrades, TeachingFeedback, ClearHiddenTestsInFeedback,
                                        CSSHTMLHeaderPreprocessor]

this preprocessor (after GetGrades, which puts each cell's score in its
metadata) does three things:

- after every test cell that lost points, it adds a short "What went wrong"
  note: the check's name, the invariant that failed, what was observed, the
  schedule seed, and a link to the problem's hints;
- it reduces an error in a hidden-test cell that is not a harness failure
  (a NameError, say) to its message: its traceback would print lines of
  hidden test code (harness failures already render as their message alone);
- it puts an anchor on each problem's hints cell so the links land there
  (nbgrader's feedback template gives markdown cells no id).

nbgrader's own ClearHiddenTests then cuts the `### BEGIN/END HIDDEN TESTS`
regions from the cell sources, leaving the one-line description above them.
"""

from __future__ import annotations

import html
import re

import nbformat
from nbconvert.exporters.exporter import ResourcesDict
from nbformat.notebooknode import NotebookNode
from nbgrader.preprocessors import NbGraderPreprocessor
from traitlets import Unicode

from .clear_hidden_tests import display_data_priority
from .failures import HARNESS_FAILURES, cell_description, failed_check, problem_of


def hints_anchor(problem: str) -> str:
    return f"{problem}-hints"


class TeachingFeedback(NbGraderPreprocessor):
    """Explain each failed check in the feedback; strip hidden-test tracebacks."""

    # Configurable, as the HTML exporter configures it (see clear_hidden_tests).
    display_data_priority = display_data_priority()

    begin_test_delimeter = Unicode("BEGIN HIDDEN TESTS", help="Marks the start of a hidden test region.").tag(
        config=True)

    def preprocess(self, nb: NotebookNode, resources: ResourcesDict) -> tuple[NotebookNode, ResourcesDict]:
        hints = {}
        for cell in nb.cells:
            grade_id = cell.metadata.get("nbgrader", {}).get("grade_id", "")
            if cell.cell_type == "markdown" and grade_id.endswith("_hints") and problem_of(grade_id):
                problem = problem_of(grade_id)
                hints[problem] = hints_anchor(problem)
                cell.source = f'<a id="{hints[problem]}"></a>\n\n' + cell.source
        cells = []
        for cell in nb.cells:
            cells.append(cell)
            meta = cell.metadata.get("nbgrader", {})
            if cell.cell_type != "code" or not meta.get("grade") or meta.get("solution"):
                continue
            hidden = self.begin_test_delimeter in cell.source
            if hidden:
                for output in cell.get("outputs", []):
                    if output.get("output_type") == "error" and output.get("ename") not in HARNESS_FAILURES:
                        output["traceback"] = [f"{output.get('ename')}: {output.get('evalue')}"]
            score, points = meta.get("score"), meta.get("points")
            if score is not None and points is not None and score < points:
                cells.append(self._note(cell, hints))
        nb.cells = cells
        return nb, resources

    def _note(self, cell: NotebookNode, hints: dict[str, str]) -> NotebookNode:
        meta = cell.metadata.nbgrader
        grade_id = meta["grade_id"]
        failure = failed_check(cell)
        lines = [f"**What went wrong in `{grade_id}`** ({_points(meta['score'])} of "
                 f"{_points(meta['points'])} points)", ""]
        if failure is None:
            lines.append(f"- **Check:** {_text(cell_description(cell) or grade_id)}")
            lines.append("- **Observed:** the check did not complete (no error was recorded)")
        else:
            lines.append(f"- **Invariant:** {_text(failure.invariant)}")
            if failure.checked and failure.checked != failure.invariant:
                lines.append(f"- **What was checked:** {_text(failure.checked)}")
            lines.append(f"- **Observed:** {_text(failure.title + ': ' if failure.harness and failure.kind != 'InvariantBroken' else '')}"
                         f"{_text(failure.seen)}")
            if failure.seed is not None:
                lines.append(f"- **Seed:** {failure.seed} (the schedule that showed it; the same seed "
                             "always replays the same task order)")
        problem = problem_of(grade_id)
        if problem in hints:
            lines.append(f'- **Hints:** <a href="#{hints[problem]}">{problem.upper()} hints</a>, '
                         "one at a time")
        note = nbformat.v4.new_markdown_cell("\n".join(lines))
        note.id = f"{cell.get('id', grade_id)}-feedback"[:64]
        note.metadata["course"] = {"feedback_for": grade_id}
        return note


def _points(value: float) -> str:
    return f"{value:g}"


#: Every ASCII punctuation character markdown gives a meaning (CommonMark lets a backslash escape any).
_MARKDOWN_PUNCTUATION = re.compile(r"([\\`*_{}\[\]()#+\-.!|~:])")


def _text(value: str) -> str:
    """Plain text safe inside markdown: HTML-escaped, and every markdown punctuation character
    escaped, so no emphasis, link or image is made of it (a failure message quotes a solution's
    own exception: `[report](javascript:...)` became a live link in the feedback, and an image
    an external URL the page loaded: red-team pass 52)."""
    return _MARKDOWN_PUNCTUATION.sub(r"\\\1", html.escape(value, quote=False))
