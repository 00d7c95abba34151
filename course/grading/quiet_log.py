"""A clean nbgrader log: nbgrader's OverwriteCells without its false alarm on hidden tests
(below), and `zip_collect` without its warnings about the folders it makes (`FoldersItMakes`,
at the end).

Runs on the trusted grader side (`nbgrader autograde`, configured in
nbgrader_config.py in place of nbgrader's OverwriteCells), never in a
student's kernel.

nbgrader's OverwriteCells puts the gradebook's version of every read-only
cell back into the notebook being graded, and logs

    Attribute 'checksum' for cell p01_test_total has changed! (should be: ..., got: ...)

when the cell's checksum differs from the gradebook's. But the gradebook
stores each cell's source and checksum as `generate_assignment` saw them
*before* its ClearHiddenTests removed the `### BEGIN/END HIDDEN TESTS`
regions, while the release notebook (what students get, and what
RebuildFromRelease grades) holds the cleared cell. So every hidden-test
cell of an untouched release, or of a perfect submission, "has changed":
~50 warnings per submission that say nothing (nbgrader issue #1961,
https://github.com/jupyter/nbgrader/issues/1961). Drowned in them, the one
warning that matters is missed.

`OverwriteReleasedCells` first recognises a cell that is exactly the
released form of its gradebook source (the gradebook source passed through
nbgrader's own ClearHiddenTests, with the configured delimiters) and puts
the hidden tests back itself, as OverwriteCells would have done; then
nbgrader's OverwriteCells runs unchanged. Any other difference (a read-only
cell whose visible part, type, lock or points differ from the gradebook's,
for instance a release/ folder that no longer matches the gradebook, or a
submission graded without RebuildFromRelease) is still reported by nbgrader
with its warning. A student's edit of a read-only cell never reaches this
point with the course configuration: RebuildFromRelease has already
restored the cell from the release and said so in the log and in the graded
notebook's "Grading notes".
"""

from __future__ import annotations

import logging

from nbconvert.exporters.exporter import ResourcesDict
from nbformat.notebooknode import NotebookNode
from nbgrader.api import SourceCell
from nbgrader.preprocessors import ClearHiddenTests, OverwriteCells


class OverwriteReleasedCells(OverwriteCells):
    """nbgrader's OverwriteCells, which knows that released test cells lack their hidden tests."""

    def preprocess(self, nb: NotebookNode, resources: ResourcesDict) -> tuple[NotebookNode, ResourcesDict]:
        self._hidden: dict[str, tuple[str, str]] | None = None  # read once the gradebook is open
        return super().preprocess(nb, resources)

    def preprocess_cell(self, cell: NotebookNode, resources: ResourcesDict,
                        cell_index: int) -> tuple[NotebookNode, ResourcesDict]:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if grade_id is not None:
            if self._hidden is None:
                self._hidden = self._released_hidden_test_cells()
            full, released = self._hidden.get(grade_id, (None, None))
            if released is not None and cell.source == released:
                cell.source = full  # what OverwriteCells restores, minus the false "checksum has changed!"
        return super().preprocess_cell(cell, resources, cell_index)

    def _released_hidden_test_cells(self) -> dict[str, tuple[str, str]]:
        """grade_id -> (gradebook source, its released form) for this notebook's
        locked cells that have hidden tests (one gradebook query per notebook)."""
        clear = ClearHiddenTests(parent=self)  # the delimiters generate_assignment used
        cells: dict[str, tuple[str, str]] = {}
        notebook = self.gradebook.find_notebook(self.notebook_id, self.assignment_id)
        for source_cell in notebook.source_cells:
            released = _released_source(clear, source_cell)
            if released is not None:
                cells[source_cell.name] = (source_cell.source, released)
        return cells


def _released_source(clear: ClearHiddenTests, source_cell: SourceCell) -> str | None:
    """What generate_assignment released for this gradebook cell, or None when the
    release is the same source (no hidden tests) or the cell is not a locked one."""
    if not source_cell.locked or clear.begin_test_delimeter not in source_cell.source:
        return None
    cell = NotebookNode(cell_type=source_cell.cell_type, source=source_cell.source, metadata={})
    try:
        removed = clear._remove_hidden_test_region(cell)
    except RuntimeError:  # unbalanced delimiters: generate_assignment could not have released it
        return None
    return cell.source if removed else None


class FoldersItMakes(logging.Filter):
    """Drops `nbgrader zip_collect`'s "Directory not found. Creating: <folder>" warnings.

    zip_collect logs one as it makes its own scratch folder (downloaded/<assignment>/extracted/)
    and one for each student's new folder in submitted/: the folders it writes into, on every
    first run, so an instructor following the README's guide saw warnings for nothing. Only
    that message is dropped: "Directory not found: <archive folder>" (no files to collect)
    still warns. Attached to zip_collect's logger in nbgrader_config.py.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith("Directory not found. Creating: ")
