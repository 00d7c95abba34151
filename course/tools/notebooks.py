"""Canonical notebook formatting, so `source/` diffs show only real changes.

A canonical notebook has no outputs, no execution counts, no per-user UI
metadata (collapsed, scrolled, execution timings), a cell id on every cell,
and is written by nbformat (sorted keys, one-space indent, final newline).
"""

from __future__ import annotations

from pathlib import Path

import nbformat

# Cell metadata that records how one person last looked at a notebook.
_UI_METADATA = ("collapsed", "scrolled", "execution", "trusted", "ExecuteTime", "jupyter")


def canonical(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Return `nb` stripped of outputs and UI state (modifies and returns it)."""
    for cell in nb.cells:
        for key in _UI_METADATA:
            cell.metadata.pop(key, None)
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
    nb.metadata.pop("widgets", None)
    nb.nbformat, nb.nbformat_minor = 4, max(nb.nbformat_minor, 5)
    return nb


def canonical_text(path: Path) -> str:
    nb = nbformat.read(path, as_version=4)
    nbformat.validator.normalize(nb)  # adds missing cell ids
    return nbformat.writes(canonical(nb)) + "\n"


def format_notebooks(paths: list[Path], check: bool = False) -> list[Path]:
    """Rewrite each notebook canonically; with `check`, only report which would change."""
    changed = []
    for path in paths:
        text = canonical_text(path)
        if path.read_text(encoding="utf-8") != text:
            changed.append(path)
            if not check:
                path.write_text(text, encoding="utf-8")
    return changed
