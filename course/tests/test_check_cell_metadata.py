"""CheckCellMetadataOnce accepts and rejects exactly what nbgrader's CheckCellMetadata does."""

from __future__ import annotations

import copy
from pathlib import Path

import jsonschema
import nbformat
import pytest
from nbgrader.preprocessors import CheckCellMetadata

from course.grading.check_cell_metadata import CheckCellMetadataOnce, _SchemaCheckedOnce

NOTEBOOK = Path(__file__).resolve().parents[2] / "source" / "async_patterns" / "1_easy.ipynb"


def _cell(nb, grade_id):
    return next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == grade_id)


def _set(grade_id, key, value):
    def change(nb):
        _cell(nb, grade_id).metadata.nbgrader[key] = value
    return change


def _delete(grade_id, key):
    def change(nb):
        del _cell(nb, grade_id).metadata.nbgrader[key]
    return change


def _markdown_grade_cell(nb):
    cell = next(c for c in nb.cells if c.cell_type == "markdown")
    cell.metadata["nbgrader"] = {"schema_version": 3, "grade": True, "solution": False, "locked": False,
                                 "grade_id": "md", "points": 1}


CHANGES = {
    "unchanged": lambda nb: None,
    "points not a number": _set("p01_test_total", "points", "two"),
    "no grade_id": _delete("p01_test_total", "grade_id"),
    "empty grade_id": _set("p01_test_total", "grade_id", ""),
    "no points on a grade cell": _delete("p01_test_total", "points"),
    "unknown key": _set("p01_test_total", "colour", "red"),
    "schema too old": _set("p01_test_total", "schema_version", 2),
    "schema too new": _set("p01_test_total", "schema_version", 4),
    "duplicate grade_id": _set("p01_test_exclusive", "grade_id", "p01_test_total"),
    "markdown grade cell without solution": _markdown_grade_cell,
}


def _outcome(preprocessor, nb):
    try:
        preprocessor.preprocess(nb, {})
    except Exception as exc:  # the outcome compared is the exception itself
        return type(exc).__name__, str(exc)
    return "passed", ""


@pytest.mark.parametrize("change", list(CHANGES))
def test_same_verdict_as_nbgraders_check(change):
    nb = nbformat.read(NOTEBOOK, as_version=4)
    CHANGES[change](nb)
    ours = _outcome(CheckCellMetadataOnce(), copy.deepcopy(nb))
    theirs = _outcome(CheckCellMetadata(), copy.deepcopy(nb))
    assert ours == theirs
    assert (ours[0] == "passed") == (change == "unchanged")


def test_the_schema_itself_is_checked_once_not_per_cell(monkeypatch):
    nb = nbformat.read(NOTEBOOK, as_version=4)
    graded_cells = sum("nbgrader" in c.metadata for c in nb.cells)
    calls = []
    real = jsonschema.Draft4Validator.check_schema.__func__
    monkeypatch.setattr(jsonschema.Draft4Validator, "check_schema",
                        classmethod(lambda cls, schema: calls.append(1) or real(cls, schema)))
    monkeypatch.setattr(_SchemaCheckedOnce, "_compiled", {})

    CheckCellMetadata().preprocess(copy.deepcopy(nb), {})
    assert len(calls) == graded_cells  # nbgrader's: once per cell
    calls.clear()
    CheckCellMetadataOnce().preprocess(copy.deepcopy(nb), {})
    CheckCellMetadataOnce().preprocess(copy.deepcopy(nb), {})
    assert len(calls) == 1


def test_the_course_configuration_uses_it_before_and_after_execution():
    from nbgrader.preprocessors import Execute
    from traitlets.config.loader import PyFileConfigLoader

    config = PyFileConfigLoader("nbgrader_config.py", path=str(NOTEBOOK.parents[2])).load_config()
    for phase in ("sanitize_preprocessors", "autograde_preprocessors"):
        preprocessors = config.Autograde[phase]
        assert CheckCellMetadataOnce in preprocessors
        assert CheckCellMetadata not in preprocessors
    assert issubclass(config.Autograde.autograde_preprocessors[0], Execute)  # it runs between them
