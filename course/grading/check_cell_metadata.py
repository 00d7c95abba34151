"""Preprocessor: nbgrader's cell-metadata check, with its schema compiled once.

nbgrader's `CheckCellMetadata` runs twice per graded notebook (before and
after execution) and validates every cell with `jsonschema.validate`. That
function first validates the *schema itself* against the JSON Schema
meta-schema, on every call: for this course's 153 cells per submission it
is about nine tenths of the check, some 0.17 s of every graded submission.

`CheckCellMetadataOnce` is the same check: nbgrader's own validator (its
schema-version errors, grade-id and points rules, duplicate ids), with the
jsonschema validator built, and the schema checked, once per process.
"""

from __future__ import annotations

import traceback

import jsonschema
from nbconvert.exporters.exporter import ResourcesDict
from nbformat.notebooknode import NotebookNode
from nbgrader.nbgraderformat import MetadataValidator, ValidationError
from nbgrader.nbgraderformat.common import BaseMetadataValidator
from nbgrader.preprocessors import CheckCellMetadata


class _SchemaCheckedOnce(BaseMetadataValidator):
    """Validates a cell's metadata against the schema with a compiled validator."""

    _compiled: dict[int, jsonschema.protocols.Validator] = {}

    def validate_cell(self, cell: NotebookNode) -> None:
        meta = cell.metadata.get("nbgrader")
        if meta is None or meta.get("schema_version", 0) != self.schema_version:
            # No nbgrader cell, or a version mismatch: nbgrader's own code
            # returns or raises its SchemaTooOld/TooNew error.
            return super().validate_cell(cell)
        validator = self._compiled.get(self.schema_version)
        if validator is None:
            cls = jsonschema.validators.validator_for(self.schema)
            cls.check_schema(self.schema)
            validator = self._compiled[self.schema_version] = cls(self.schema)
        # What jsonschema.validate raises, minus re-checking the schema.
        error = jsonschema.exceptions.best_match(validator.iter_errors(meta))
        if error is not None:
            raise error


class _Validator(MetadataValidator, _SchemaCheckedOnce):
    """nbgrader's current validator; its base-class schema check is the compiled one.

    The method resolution order is _Validator, MetadataValidator (v3),
    _SchemaCheckedOnce, BaseMetadataValidator: nbgrader's v3 rules call
    `super().validate_cell`, which lands in `_SchemaCheckedOnce`.
    """


class CheckCellMetadataOnce(CheckCellMetadata):
    """nbgrader's CheckCellMetadata (same checks, same errors), faster."""

    def preprocess(self, nb: NotebookNode, resources: ResourcesDict) -> tuple[NotebookNode, ResourcesDict]:
        try:
            _Validator().validate_nb(nb)
        except ValidationError:
            # As nbgrader's CheckCellMetadata reports it.
            self.log.error(traceback.format_exc())
            msg = "Notebook failed to validate; the nbgrader metadata may be corrupted."
            self.log.error(msg)
            raise ValidationError(msg)
        return nb, resources
