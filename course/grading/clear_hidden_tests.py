"""Preprocessor: nbgrader's ClearHiddenTests, without a needless warning in feedback.

Trusted side: runs in nbgrader's process (`nbgrader generate_feedback`, configured
in nbgrader_config.py in place of nbgrader's ClearHiddenTests), never beside
student code.

nbconvert's HTMLExporter, which writes the feedback, configures
`NbConvertBase.display_data_priority` for every preprocessor it runs. nbgrader's
preprocessors declare that trait again without making it configurable (its
GetGrades excepted), so traitlets logs, at every `generate_feedback`,

    Config option `display_data_priority` not recognized by `ClearHiddenTests`.

`ClearHiddenTestsInFeedback` is ClearHiddenTests with the trait configurable, as
GetGrades declares it; it clears hidden tests exactly as nbgrader's does, in the
cells that hold them: the instructor's test cells (grade cells that are not
solution cells). Any other cell is left as it is: a student's solution cell may say
`### BEGIN HIDDEN TESTS` in a comment (its own text, which holds no test), and
nbgrader's "Hidden test region detected in a non-grade cell" then left that student
with no feedback at all (red-team pass 111b).
"""

from __future__ import annotations

from nbconvert.exporters.exporter import ResourcesDict
from nbformat.notebooknode import NotebookNode
from nbgrader import utils
from nbgrader.preprocessors import ClearHiddenTests, GetGrades
from traitlets import List


def display_data_priority() -> List:
    """The trait as nbgrader's GetGrades declares it: configurable, with its default."""
    return List(GetGrades.class_traits()["display_data_priority"].default_value).tag(config=True)


class ClearHiddenTestsInFeedback(ClearHiddenTests):
    """nbgrader's ClearHiddenTests, configurable as the HTML exporter configures it."""

    display_data_priority = display_data_priority()

    def preprocess_cell(self, cell: NotebookNode, resources: ResourcesDict,
                        cell_index: int) -> tuple[NotebookNode, ResourcesDict]:
        if utils.is_grade(cell) and not utils.is_solution(cell):
            return super().preprocess_cell(cell, resources, cell_index)
        return cell, resources
