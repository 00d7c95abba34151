"""course.grading.sanitize_outputs on its own: outputs made inert, the course's visuals kept."""

from __future__ import annotations

import nbformat

from course.grading.sanitize_outputs import SanitizeOutputs, clean_html, sanitized


def test_nothing_active_survives():
    html = ('<style>body{display:none}</style><script>steal()</script><b onclick="steal()">bold</b>'
            '<img src="x" onerror="steal()"><a href="javascript:steal()">link</a><iframe src="/api"></iframe>'
            '<div style="position:fixed;top:0;color:red;margin-top:-400px">banner</div>'
            '<svg><script>steal()</script><foreignObject><p>x</p></foreignObject><use href="#a"/></svg>')
    cleaned = clean_html(html)
    for live in ("steal", "<style", "<script", "onclick", "onerror", "javascript", "<iframe", "position",
                 "margin", "<foreignObject", "<use", "href"):
        assert live not in cleaned, (live, cleaned)
    assert "<b>bold</b>" in cleaned and 'style="color:red"' in cleaned and ">banner<" in cleaned


def test_the_course_visuals_keep_their_static_copies():
    """A timeline as course.visuals draws it (the copy the feedback shows) loses nothing drawn."""
    import re

    from course.visuals import svg
    from course.visuals.lanes import Lane, TimelineModel

    picture = svg.render(TimelineModel(lanes=[Lane(0, "worker-1", 0.0, 0.04), Lane(1, "worker-2", 0.01, 0.03)],
                                       start=0.0, end=0.04), title="two workers")
    cleaned = clean_html(picture)

    def drawn(markup: str) -> list[tuple[str, list[str]]]:
        return [(tag, sorted(re.findall(r'([\w:-]+)="', attributes)))
                for tag, attributes in re.findall(r"<([a-zA-Z]+)([^>]*)>", markup)]

    assert drawn(cleaned) == drawn(picture) and len(drawn(picture)) > 10
    styles = re.compile(r'style="([^"]*)"')
    assert [v.replace(" ", "") for v in styles.findall(cleaned)] == [v.replace(" ", "") for v in styles.findall(picture)]
    assert re.sub(r"\s+", " ", re.sub(r"<[^>]*>", "", cleaned)) == re.sub(r"\s+", " ", re.sub(r"<[^>]*>", "", picture))


def test_only_inert_types_are_kept():
    output = {"output_type": "display_data", "metadata": {}, "data": {
        "text/plain": "text", "application/javascript": "steal()", "text/markdown": "# md",
        "text/html": "<script>steal()</script><i>x</i>", "image/png": "iVBOR",
        "application/x-unknown": "?"}}
    assert sanitized(output)["data"] == {"text/plain": "text", "text/html": "<i>x</i>", "image/png": "iVBOR"}
    only_js = {"output_type": "execute_result", "metadata": {}, "execution_count": 1,
               "data": {"application/javascript": "steal()"}}
    assert sanitized(only_js)["data"] == {"text/plain": "[application/javascript output not shown in graded copies]"}
    assert sanitized({"output_type": "display_data", "metadata": {}, "data": {"text/markdown": "**hi**"}})[
        "data"] == {"text/plain": "**hi**"}
    stream = {"output_type": "stream", "name": "stdout", "text": "<script>steal()</script>"}
    assert sanitized(stream) is stream  # text: nbconvert escapes it


def test_the_preprocessor_cleans_every_code_cell():
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x", outputs=[nbformat.v4.new_output(
        "display_data", data={"text/html": "<script>steal()</script>ok"})])])
    nb, _ = SanitizeOutputs().preprocess(nb, {})
    assert nb.cells[0].outputs[0].data == {"text/html": "ok"}
    nbformat.validate(nb)


def test_no_attribute_value_loads_anything():
    """SVG presentation attributes and styles are CSS to a browser: `fill="url(https://...)"` in an
    inline <svg> was fetched when the feedback page opened (red-team pass 56)."""
    loading = ['fill="url(https://attacker.example/opened.svg#g)"', 'stroke="URL(x.svg)"',
               'stop-color="u\\72l(x)"', 'fill="image-set(x.png 1x)"', 'fill="cross-fade(url(a), url(b))"',
               'fill="src(x)"', 'fill="image(x.png)"', 'fill="&#x75;rl(x)"', 'fill="u/**/rl(x)"',
               'style="background:url(x);color:red"', 'style="background:image-set(x 1x)"',
               'style="color:red;@import x"', 'fill="var(--x)"', 'fill="ur\\l(x)"']
    for attribute in loading:
        cleaned = clean_html(f'<svg viewBox="0 0 9 9"><rect width="9" {attribute}/></svg>')
        assert "(" not in cleaned and "\\" not in cleaned and "@" not in cleaned, (attribute, cleaned)
        assert '<rect width="9">' in cleaned, (attribute, cleaned)
    kept = ('<svg><g transform="translate(1 2) rotate(-90 10 5) scale(2)"><rect fill="rgb(1, 2, 3)" '
            'stroke="#333" fill-opacity="0.5"/></g></svg><span style="color:hsl(0, 50%, 50%)">x</span>')
    cleaned = clean_html(kept)
    for value in ("translate(1 2) rotate(-90 10 5) scale(2)", 'fill="rgb(1, 2, 3)"', 'stroke="#333"', "hsl(0"):
        assert value in cleaned, (value, cleaned)
    text = '<svg><rect data-task="worker (1) @ url(x)" title="a\\b (c)"/></svg>'  # plain text, never fetched
    assert clean_html(text) == text.replace("/>", "></rect>")


def _blowup(n: int) -> str:
    # n formatting elements with distinct attributes, closed by </div>, then n <div>x</div>: html5ever
    # reopens all n in each div, n * n elements (n = 2000: 55 KB in, 78 MB out, 1.2 GB of memory).
    return "<div>" + "".join(f'<b class="c{i}">' for i in range(n)) + "</div>" + "<div>x</div>" * n


def test_cleaning_a_notebook_is_bounded_in_memory_and_time():
    """HTML a few KB long that makes the sanitizer build a document of GBs is dropped (its text/plain
    kept, with a note), at a bounded cost to the grader; the notebook's other outputs are cleaned."""
    import time

    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x", outputs=[
        nbformat.v4.new_output("display_data", data={"text/html": _blowup(2000), "text/plain": "<the table>"}),
        nbformat.v4.new_output("display_data", data={"image/svg+xml": _blowup(3000)}),
        nbformat.v4.new_output("execute_result", execution_count=1,
                               data={"text/html": "<script>x()</script><b>fine</b>"})])])
    started = time.monotonic()
    nb, _ = SanitizeOutputs().preprocess(nb, {})
    seconds = time.monotonic() - started
    first, second, third = (output.data for output in nb.cells[0].outputs)
    assert set(first) == {"text/plain"} and first["text/plain"].startswith("<the table>\n[text/html output not shown")
    assert set(second) == {"text/plain"} and second["text/plain"].startswith("[image/svg+xml output not shown")
    assert third == {"text/html": "<b>fine</b>"}
    assert seconds < 5, seconds
    nbformat.validate(nb)


def test_a_cleaned_output_larger_than_the_cap_is_dropped():
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x", outputs=[
        nbformat.v4.new_output("display_data", data={"text/html": "<b>" + "x" * 5000 + "</b>"}),
        nbformat.v4.new_output("display_data", data={"text/html": "<i>small</i>"})])])
    nb, _ = SanitizeOutputs(max_output_bytes=4096).preprocess(nb, {})
    assert "not shown in graded copies" in nb.cells[0].outputs[0].data["text/plain"]
    assert nb.cells[0].outputs[1].data == {"text/html": "<i>small</i>"}


def test_an_output_names_only_the_classes_the_course_gives_its_own_elements():
    """The pages an output is shown on style classes of their own: a solution's `<div class="modal">` was fixed over
    the whole feedback page by Bootstrap's stylesheet, and showed a score of its making there (red-team pass 123).
    Only `course-...` classes and the SVG parts' (`cursor`, `legend`, `highlight`) are kept; an element left with
    none loses the attribute."""
    cleaned = clean_html('<div class="modal navbar-fixed-top course-chart" style="display:block">score</div>'
                         '<p class="affix modal-backdrop">a</p><svg class="course-timeline"><line class="cursor"/>'
                         '<text class="legend Course-x course-">b</text></svg><span class="course-summary">c</span>')
    assert 'class="course-chart"' in cleaned and 'class="course-timeline"' in cleaned
    assert 'class="cursor"' in cleaned and 'class="legend"' in cleaned and 'class="course-summary"' in cleaned
    for page_class in ("modal", "navbar-fixed-top", "affix", "modal-backdrop", "Course-x", "course-\""):
        assert page_class not in cleaned, (page_class, cleaned)
    assert "<p>a</p>" in cleaned
