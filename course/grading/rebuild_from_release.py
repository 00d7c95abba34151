"""Preprocessor: rebuild a submission from the release notebook and the
student's solution cells.

The course contract grades a notebook "with its pKK_solution cells alone".
nbgrader's own OverwriteCells restores the instructor's version of the cells
a submission still has, but a deleted locked cell (the given code a problem
needs, a demo) stays deleted, a cell whose nbgrader metadata was stripped
runs as the student left it, and extra cells run between the instructor's.
Any of those can change what the hidden tests see.

So, before nbgrader's sanitizing preprocessors, this one replaces the
submission by the release notebook (same cells, same order, same metadata),
copying in only the source of each solution cell, found by grade_id (or by
cell id when the metadata was removed). nbgrader's OverwriteCells then puts
the hidden tests back into the test cells as usual. Whatever was dropped or
restored is listed in a "Grading notes" cell at the top of the graded
notebook, so it shows in the feedback.
"""

from __future__ import annotations

import os

import nbformat
from nbconvert.exporters.exporter import ResourcesDict
from nbformat.notebooknode import NotebookNode
from nbgrader.preprocessors import NbGraderPreprocessor
from traitlets import Unicode


def _nbgrader(cell: NotebookNode) -> dict | None:
    """A cell's nbgrader metadata if it is a dict; None if it has none, or something else (a list, a
    string: a student can type any JSON into JupyterLab's metadata editor)."""
    metadata = cell.get("metadata")
    meta = metadata.get("nbgrader") if isinstance(metadata, dict) else None
    return meta if isinstance(meta, dict) else None


def _grade_id(cell: NotebookNode) -> str | None:
    gid = (_nbgrader(cell) or {}).get("grade_id")
    return gid if isinstance(gid, str) else None


def _cell_id(cell: NotebookNode) -> str | None:
    cid = cell.get("id")
    return cid if isinstance(cid, str) and cid else None


def _source(cell: NotebookNode) -> str:
    """A cell's source as text ("" if it is neither text nor a list of lines)."""
    source = cell.get("source", "")
    if isinstance(source, list) and all(isinstance(line, str) for line in source):
        return "".join(source)
    return source if isinstance(source, str) else ""


def _role(cell: NotebookNode) -> tuple:
    """What nbgrader metadata says a cell is (checksums and other bookkeeping aside)."""
    meta = _nbgrader(cell)
    if meta is None:
        metadata = cell.get("metadata")
        return ("not a dict",) if isinstance(metadata, dict) and metadata.get("nbgrader") is not None else ()
    return tuple(meta.get(key) for key in ("grade_id", "grade", "solution", "locked", "task", "points"))


class RebuildFromRelease(NbGraderPreprocessor):
    """Grade the release notebook with the submission's solution cells pasted in."""

    release_directory = Unicode(
        "", help="The course's release directory (holding <assignment>/<notebook>.ipynb)."
    ).tag(config=True)

    notes_cell_id = "grading-notes"

    def preprocess(self, nb: NotebookNode, resources: ResourcesDict) -> tuple[NotebookNode, ResourcesDict]:
        info = resources["nbgrader"]
        path = os.path.join(self.release_directory, info["assignment"], info["notebook"] + ".ipynb")
        if not self.release_directory or not os.path.isfile(path):
            raise FileNotFoundError(
                f"RebuildFromRelease: no release notebook at {path!r}; set "
                "c.RebuildFromRelease.release_directory in nbgrader_config.py")
        release = nbformat.read(path, as_version=4)
        rebuilt, notes = rebuild(release, nb)
        if notes:
            text = ("### Grading notes\n\nThis notebook was graded from the instructor's cells and "
                    "your solution cells only:\n\n" + "\n".join(f"- {n}" for n in notes))
            cell = nbformat.v4.new_markdown_cell(text)
            cell.id = self.notes_cell_id
            rebuilt.cells.insert(0, cell)
            self.log.warning("%s/%s: %s", info["student"], info["notebook"], "; ".join(notes))
        return rebuilt, resources


def rebuild(release: NotebookNode, submitted: NotebookNode) -> tuple[NotebookNode, list[str]]:
    """The release notebook with `submitted`'s solution sources, and notes on what differed."""
    notes: list[str] = []
    by_grade_id: dict[str, NotebookNode] = {}
    by_cell_id: dict[str, NotebookNode] = {}
    for cell in submitted.cells:
        gid = _grade_id(cell)
        if gid is not None:
            # The last of two cells with one grade id, as nbgrader's DeduplicateIds keeps (this runs before it).
            by_grade_id[gid] = cell
        if _cell_id(cell):
            by_cell_id.setdefault(_cell_id(cell), cell)

    used: set[int] = set()
    for cell in release.cells:
        gid = _grade_id(cell)
        theirs = by_grade_id.get(gid) if gid else None
        if theirs is None and cell.get("id") in by_cell_id:
            theirs = by_cell_id[cell["id"]]
        if cell.metadata.get("nbgrader", {}).get("solution"):
            if theirs is None:
                notes.append(f"solution cell `{gid}` was missing: graded as unanswered")
            else:
                used.add(id(theirs))
                if _grade_id(theirs) != gid:
                    notes.append(f"solution cell `{gid}` had lost its nbgrader metadata: restored")
                cell.source = _source(theirs)
            continue
        if theirs is None:
            notes.append(f"read-only cell `{gid}` was missing: restored")
            continue
        used.add(id(theirs))
        if theirs.get("cell_type") != cell.cell_type:
            notes.append(f"read-only cell `{gid}` had its type changed: restored")
        elif _source(theirs) != cell.source:
            notes.append(f"read-only cell `{gid}` was edited: the original was used")
        elif _role(theirs) != _role(cell):
            notes.append(f"read-only cell `{gid}` had its metadata changed: restored")

    extra = [c for c in submitted.cells if id(c) not in used and c.get("id") != RebuildFromRelease.notes_cell_id]
    code = [c for c in extra if c.get("cell_type") == "code" and _source(c).strip()]
    if code:
        notes.append(f"{len(code)} cell(s) you added were not run: only solution cells are graded")
    claiming = [c for c in extra if isinstance(c.get("metadata"), dict) and "nbgrader" in c["metadata"]]
    if claiming:
        notes.append(f"{len(claiming)} cell(s) you added had nbgrader metadata: ignored (only the instructor's "
                     "cells are graded)")
    return nbformat.from_dict(release), notes
