"""`course collect`: a folder per student into submitted/, losing nothing."""

from __future__ import annotations

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
