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
GetGrades declares it; it clears hidden tests exactly as nbgrader's does.
"""

from __future__ import annotations

from nbgrader.preprocessors import ClearHiddenTests, GetGrades
from traitlets import List


def display_data_priority() -> List:
    """The trait as nbgrader's GetGrades declares it: configurable, with its default."""
    return List(GetGrades.class_traits()["display_data_priority"].default_value).tag(config=True)


class ClearHiddenTestsInFeedback(ClearHiddenTests):
    """nbgrader's ClearHiddenTests, configurable as the HTML exporter configures it."""

    display_data_priority = display_data_priority()
