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
