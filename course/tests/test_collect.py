"""`course collect`: a folder per student into submitted/, losing nothing."""

from __future__ import annotations

import os

import pytest

from course.grading.collect import collect


def _write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


def test_collects_both_layouts_and_never_overwrites_silently(tmp_path):
    inbox, course = tmp_path / "handed-in", tmp_path / "course"
    _write(inbox / "ann" / "1_easy.ipynb", "ann v1")
    _write(inbox / "bob" / "async_patterns" / "1_easy.ipynb", "bob v1")
    (inbox / "carl").mkdir()
    results = {(r.student, r.action) for r in collect(inbox, course, "async_patterns")}
    assert results == {("ann", "copied"), ("bob", "copied"), ("carl", "no .ipynb files: nothing collected")}
    submitted = course / "submitted" / "ann" / "async_patterns" / "1_easy.ipynb"
    assert submitted.read_text() == "ann v1"
    assert [r.action for r in collect(inbox, course, "async_patterns") if r.student == "ann"] == ["unchanged"]

    _write(inbox / "ann" / "1_easy.ipynb", "ann v2")
    kept = [r.action for r in collect(inbox, course, "async_patterns") if r.student == "ann"]
    assert kept[0].startswith("kept existing") and submitted.read_text() == "ann v1"
    replaced = [r.action for r in collect(inbox, course, "async_patterns", force=True) if r.student == "ann"]
    assert replaced[0].startswith("replaced") and submitted.read_text() == "ann v2"
    assert (submitted.parent / "1_easy.replaced-1.ipynb").read_text() == "ann v1", "the old copy is kept"


def test_a_missing_folder_says_what_to_give(tmp_path):
    with pytest.raises(SystemExit, match="one subfolder per student"):
        collect(tmp_path / "nowhere", tmp_path, "async_patterns")


def test_links_and_special_files_are_reported_not_followed(tmp_path):
    """A student folder is written by the student: a link there must not make the instructor's
    `collect` copy what it points at (the source notebook, with its solutions), nor hang on a FIFO."""
    inbox, course = tmp_path / "handed-in", tmp_path / "course"
    secret = tmp_path / "source" / "async_patterns" / "1_easy.ipynb"
    _write(secret, "the instructor's solutions")
    (inbox / "ann").mkdir(parents=True)
    (inbox / "ann" / "1_easy.ipynb").symlink_to(secret)
    _write(inbox / "ann" / "2_medium.ipynb", "ann's own")
    (inbox / "bob").mkdir()
    (inbox / "bob" / "async_patterns").symlink_to(secret.parent)
    (inbox / "carl").symlink_to(secret.parent)
    _write(inbox / "dee" / "1_easy.ipynb", "dee's own")
    os.mkfifo(inbox / "dee" / "2_medium.ipynb")

    results = {(r.student, r.file): r for r in collect(inbox, course, "async_patterns")}
    refused = {key for key, r in results.items() if r.refused}
    assert refused == {("ann", "1_easy.ipynb"), ("bob", "async_patterns"), ("carl", "-"),
                       ("dee", "2_medium.ipynb")}
    assert "symbolic link" in results["ann", "1_easy.ipynb"].action
    assert "FIFO" in results["dee", "2_medium.ipynb"].action
    assert results["ann", "2_medium.ipynb"].action == "copied"
    submitted = course / "submitted"
    copied = sorted(str(p.relative_to(submitted)) for p in submitted.rglob("*.ipynb"))
    assert copied == ["ann/async_patterns/2_medium.ipynb", "dee/async_patterns/1_easy.ipynb"]
    assert not any(p.is_symlink() for p in submitted.rglob("*"))
    assert all("solutions" not in p.read_text() for p in submitted.rglob("*.ipynb"))
