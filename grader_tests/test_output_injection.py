"""What student code displays stays inert and in its own cell (red-team passes 51 and 52).

A solution cell's kernel output carried a `<script>` and a `<style>` into the graded notebook,
and from there into the student's feedback page (which then read "Score: 100.0 / 100.0") and the
instructor's formgrader page (the script running with the instructor's Jupyter session); and a
solution holding the check process's display hook showed what it liked under every hidden test's
heading. Then an image's size metadata (written by nbconvert into an unquoted attribute) made
an event handler, and a failure message quoted in the feedback's note made a `javascript:` link.
Graded with the real `nbgrader autograde`, `generate_feedback`, and formgrader's own
exporter and template, with the course's configuration.
"""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from nbconvert.exporters import HTMLExporter
from nbgrader.server_extensions.formgrader import handlers
from traitlets.config.loader import PyFileConfigLoader

from conftest import ASSIGNMENT, nbgrader
from test_submissions import build_submission

pytestmark = pytest.mark.slow

NAME = "1_easy.ipynb"
MARK = "ATK51_RAN"

# A P01 that fails with a message of its making, plus displays only the notebook's kernel makes (the
# check process has no IPython shell: NameError there, caught). The script marks the page it runs in.
PUBLISHED = r'''
async def increment(counter, lock, n):
    # What a failed check observed is quoted in the feedback's note (TeachingFeedback, markdown).
    raise RuntimeError("see [the full passing report](javascript:window.ATK51_RAN=1) "
                       "![beacon](https://attacker.example/ATK51_RAN.png) <b onmouseover=window.ATK51_RAN=2>x</b>")

try:
    get_ipython().display_pub.publish({
        "text/html": """<style>.output_error { display: none !important; }</style>
<div id="atk51-banner" style="color:green;position:fixed;top:0;z-index:9">P01: 20 / 20 points</div>
<div class="modal navbar-fixed-top course-chart" style="display:block;background:white">Score: 170.0 / 170.0</div>
<img src="x" onerror="window.ATK51_RAN = 1"><a href="javascript:window.ATK51_RAN = 2">details</a>
<script>window.ATK51_RAN = true; document.title = "forged";</script>
<svg viewBox="0 0 10 10"><script>window.ATK51_RAN = 3</script><rect width="5" height="5" fill="red"/></svg>""",
        "application/javascript": "window.ATK51_RAN = 4",
        "text/markdown": "<script>window.ATK51_RAN = 5</script>"})
    # An image's size is written into an unquoted attribute; `filenames` is read as its URL.
    get_ipython().display_pub.publish(
        {"image/png": "bm90IGEgcG5n", "text/plain": "a picture"},
        metadata={"image/png": {"width": "1 onerror=window.ATK51_RAN=1 style=position:fixed;width:100%",
                                "height": "1 onload=window.ATK51_RAN=2"}})
    get_ipython().display_pub.publish(
        {"image/jpeg": "bm90IGEganBlZw==", "text/plain": "another picture"},
        metadata={"width": "2 onerror=window.ATK51_RAN=3"})
    get_ipython().display_pub.publish(
        {"image/png": "bm90IGEgcG5n", "text/plain": "a third picture"},
        metadata={"filenames": {"image/png": "https://attacker.example/ATK51_RAN.png"}})
except NameError:
    pass
'''

# A correct P01 that keeps the check process's display hook (None in the kernel) and calls it
# once in every test cell it runs in.
HOOKED = r'''
import course.notebook as _notebook
_show = _notebook.display_hook

async def increment(counter, lock, n):
    if _show is not None and not any("atk51-hidden" in str(o) for o in _show.__self__.items):
        _show({"text/html": "<b id='atk51-hidden'>shown inside a hidden test cell</b>",
               "text/plain": "atk51-hidden: shown inside a hidden test cell"})
        _show.__self__.items.append({"output_type": "display_data", "metadata": {},
                                     "data": {"text/plain": "atk51-hidden, appended"}})
    for _ in range(n):
        async with lock:
            current = counter[0]
            await simulated_io()
            counter[0] = current + 1
'''


class _Markup(HTMLParser):
    """What of a page would run or restyle it: the text of its <script> and <style> elements, and
    event-handler and javascript: attributes; and the URLs it loads or links (`urls`)."""

    def __init__(self) -> None:
        super().__init__()
        self.live: list[str] = []
        self.urls: list[str] = []
        self._inside: str | None = None

    def handle_starttag(self, tag, attrs):
        self._inside = tag if tag in ("script", "style") else None
        self.live += [f"{tag} {name}={value}" for name, value in attrs
                      if name.startswith("on") or "javascript:" in (value or "")]
        self.urls += [value for name, value in attrs if name in ("src", "href") and value]

    def handle_data(self, data):
        if self._inside is not None:
            self.live.append(f"<{self._inside}> {data.strip()[:80]}")

    def handle_endtag(self, tag):
        self._inside = None


def _live(page: str) -> list[str]:
    """What of the student's payload would run or restyle `page` (its marks, found in live markup)."""
    parser = _Markup()
    parser.feed(page)
    return [item for item in parser.live if MARK in item or ".output_error" in item] + [
        f"a URL the page loads or links: {url}" for url in parser.urls if "attacker.example" in url]


def _formgrader_page(course, student: str) -> str:
    """The autograded notebook as formgrader renders it: nbconvert's HTMLExporter with
    formgrader's template and the course's configuration (nbgrader/server_extensions/formgrader)."""
    config = PyFileConfigLoader("nbgrader_config.py", path=str(course.path)).load_config()
    config.HTMLExporter.template_name = "formgrade"
    config.HTMLExporter.extra_template_basedirs = [handlers.template_path]
    path = course.path / "autograded" / student / ASSIGNMENT / NAME
    html, _ = HTMLExporter(config=config).from_filename(str(path), resources={
        "base_url": "/", "mathjax_url": "", "notebook_id": "x", "index": 0, "total": 1, "score": 0,
        "max_score": 1, "last_name": "M", "first_name": "M", "student": student, "notebook_path": "x"})
    return html


def test_a_solutions_html_reaches_no_page_alive(graded_course):
    course = graded_course
    course.submit("mallory", {NAME: build_submission(NAME, {"p01_solution": PUBLISHED})})
    scores = course.autograde()
    graded = course.graded_notebook("mallory", NAME)
    (solution,) = [c for c in graded.cells if c.metadata.get("nbgrader", {}).get("grade_id") == "p01_solution"]
    published = [o for o in solution.outputs if "20 / 20 points" in str(o)]
    assert published, solution.outputs  # the display was made (and kept, made inert)
    (data,) = [o["data"] for o in published]
    assert set(data) <= {"text/html", "text/plain"}, data  # no JavaScript, no Markdown
    html = data["text/html"]
    for live in ("<script", "<style", "onerror", "javascript:", "position", "z-index", MARK):
        assert live not in html, (live, html)
    # A class the page styles (Bootstrap's `.modal`: fixed over the whole window, red-team pass 123) is dropped.
    for page_class in ("modal", "navbar-fixed-top"):
        assert page_class not in html, (page_class, html)
    assert 'class="course-chart"' in html
    assert "P01: 20 / 20 points" in html and "<rect" in html and 'viewBox="0 0 10 10"' in html

    nbgrader(course.path, "generate_feedback", ASSIGNMENT)
    feedback = (course.path / "feedback" / "mallory" / ASSIGNMENT / "1_easy.html").read_text()
    formgrader = _formgrader_page(course, "mallory")
    for page in (feedback, formgrader):
        # Parsed as a browser would: the solution's source is on both pages too, as escaped text.
        assert not _live(page), _live(page)
    pictures = [o for o in solution.outputs if "image/png" in o.get("data", {}) or "image/jpeg" in o.get("data", {})]
    assert len(pictures) == 3 and all(o["metadata"] == {} for o in pictures), pictures
    # The failure message is quoted in the feedback's notes, as text.
    assert "the full passing report" in feedback
    # The score is what the code earned: P01's checks failed.
    p01 = sum(cell.score for grade_id, cell in scores["mallory"]["1_easy"].items() if grade_id.startswith("p01"))
    assert p01 < 10


def test_a_solution_shows_nothing_under_a_hidden_tests_heading(graded_course):
    course = graded_course
    course.submit("mallory", {NAME: build_submission(NAME, {"p01_solution": HOOKED})})
    scores = course.autograde()
    graded = course.graded_notebook("mallory", NAME)
    tests = {c.metadata["nbgrader"]["grade_id"]: c for c in graded.cells
             if c.metadata.get("nbgrader", {}).get("grade_id", "").startswith("p01_test_")}
    hidden = {grade_id for grade_id, cell in tests.items() if "BEGIN HIDDEN TESTS" in cell.source}
    assert len(hidden) >= 4, sorted(tests)
    carried = sorted(grade_id for grade_id in hidden if "atk51-hidden" in str(tests[grade_id].outputs))
    assert not carried, {grade_id: tests[grade_id].outputs for grade_id in carried}
    # The visible test cell shows what the solution displayed (the student sees it anyway), inert.
    assert "atk51-hidden" in str(tests["p01_test_visible"].outputs)
    # A correct P01 keeps its marks.
    p01 = {grade_id: cell.score for grade_id, cell in scores["mallory"]["1_easy"].items()
           if grade_id.startswith("p01")}
    assert all(cell.score == cell.max_score for grade_id, cell in scores["mallory"]["1_easy"].items()
               if grade_id.startswith("p01")), p01


def test_hidden_test_markers_in_a_solution_cell_leave_its_feedback_written(graded_course):
    # Its own comment, in a correct solution: nbgrader's ClearHiddenTests refused "a hidden test region in a
    # non-grade cell", and generate_feedback wrote no feedback for this student (red-team pass 111b).
    from conftest import ROOT
    course = graded_course
    solution = ("# ### BEGIN HIDDEN TESTS (my notes: what the hidden tests might try)\n"
                "# ### END HIDDEN TESTS\n"
                + (ROOT / "grader_tests" / "submissions" / "p01" / "correct_async_with.py").read_text())
    course.submit("marker", {NAME: build_submission(NAME, {"p01_solution": solution})})
    scores = course.autograde()
    assert all(cell.score == cell.max_score for grade_id, cell in scores["marker"]["1_easy"].items()
               if grade_id.startswith("p01")), scores["marker"]["1_easy"]
    nbgrader(course.path, "generate_feedback", ASSIGNMENT, "--student", "marker")
    feedback = (course.path / "feedback" / "marker" / ASSIGNMENT / "1_easy.html").read_text()
    assert "my notes: what the hidden tests might try" in feedback
    # The instructor's test cells are cleared as before: no hidden test's code is in the feedback.
    assert "total_is_exact" not in feedback and feedback.count("BEGIN HIDDEN TESTS") == 1, feedback.count("BEGIN HIDDEN TESTS")
