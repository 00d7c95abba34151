"""Small things seen in the notebooks (issue 20, point 10): each drawn or worded so it reads right."""

from __future__ import annotations

import html
import re

from course.testing import InvariantBroken
from course.testing._failures import WRAP_AT
from course.visuals import rwlock_experiment, svg
from course.visuals.experiment import Experiment
from course.visuals.lanes import CATEGORIES, Lane, TimelineModel


def _model(end: float) -> TimelineModel:
    return TimelineModel(lanes=[Lane(0, "task", 0.0, end)], start=0.0, end=end)


def test_the_last_axis_label_is_not_cut_at_the_right_edge():
    picture = svg.render(_model(0.04))
    labels = re.findall(r'<text x="([\d.]+)" y="[\d.]+" text-anchor="(\w+)" fill="#57606a">([^<]*)</text>', picture)
    assert labels[-1][2] == "40 ms"
    x, anchor, text = labels[-1]
    # About 7 px a character in an 11 px monospace font: the label ends inside the picture.
    right = float(x) if anchor == "end" else float(x) + len(text) * 7 / 2
    assert right <= svg.WIDTH


def test_the_legend_explains_marks_without_reading_like_a_control():
    picture = svg.render(_model(0.04))
    assert "hover any shape" not in picture
    assert "an instant event (set, notify, put, get …)" in picture


def test_no_legend_label_runs_into_the_next_entry():
    """A newcomer's trial: P01's replay legend drew "update while another task's was under way (a lost
    update)" over "lock held" (three entries a row, whatever their length). Every category drawn at once,
    in the table's order: each label ends before the next entry of its row begins, and inside the picture."""
    model = TimelineModel(lanes=[Lane(0, "task", 0.0, 0.04)], start=0.0, end=0.04, legend=list(CATEGORIES.values()))
    picture = svg.render(model)
    entries = re.findall(r'<rect x="(\d+)" y="([\d.]+)" width="12" height="10" rx="2" fill="[^"]+"/>'
                         r'<text x="\d+" y="[\d.]+" class="legend">([^<]*)</text>', picture)
    assert [html.unescape(label) for _, _, label in entries] == [c.label for c in CATEGORIES.values()]
    rows: dict[str, list[tuple[int, str]]] = {}
    for x, y, label in entries:
        rows.setdefault(y, []).append((int(x), html.unescape(label)))
    # About 7 px a character in an 11 px monospace font (as above: a little wider than the layout's 6.6).
    for row in rows.values():
        for (x, label), (next_x, _) in zip(row, row[1:] + [(svg.WIDTH, "")]):
            assert x + 16 + len(label) * 7 <= next_x, (label, x, next_x)
    height = float(re.search(r'height="(\d+)"', picture).group(1))
    assert max(float(y) for _, y, _ in entries) + 2 * svg.LEGEND_ROW <= height


def test_the_read_write_lock_toggle_shows_its_whole_label():
    class Lock:  # never run: only the knobs are looked at
        pass

    toggle = _experiment_without_running(Lock).knobs["lock"]
    assert toggle.style.button_width == "auto"
    assert "readers-preferring baseline" in [label for label, _ in toggle.options]


def _experiment_without_running(lock_class) -> Experiment:
    original = Experiment.update
    Experiment.update = lambda self: None
    try:
        return rwlock_experiment(lock_class)
    finally:
        Experiment.update = original


def test_a_long_red_failure_line_is_wrapped_between_words():
    failure = InvariantBroken("every consumer re-checks the deque after each wake-up " * 3,
                              "consumer-A called popleft() on an empty deque " * 3)
    lines = failure._render_traceback_()
    plain = [re.sub(r"\x1b\[[0-9;]*m", "", line) for line in lines]
    assert all(len(line) <= WRAP_AT for line in plain)
    assert all(line.startswith("\x1b[0;31m") for line in lines[:2])  # the head stays red throughout
    assert " ".join(" ".join(plain).split()) == " ".join(str(failure).split())
    html = Experiment._failure_html(failure)
    assert "word-break:normal" in html
