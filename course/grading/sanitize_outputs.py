"""Graded notebooks carry no active content: what student code displayed is made inert before
nbgrader stores it.

Side: trusted (runs in nbgrader's process, an autograde preprocessor after execution).

Every output of a graded notebook was made by student code, in its kernel or beside its checks:
a solution cell can publish any HTML (`get_ipython().display_pub.publish`), and nbconvert renders
outputs as they are, in the student's feedback (`nbgrader generate_feedback`) and in the
instructor's formgrader page, where a `<script>` runs with the instructor's Jupyter session and a
`<style>` can hide failures or rewrite the page's score (red-team pass 51). nbconvert's own
`HTMLExporter.sanitize_html` would also strip the SVG of the course's visuals, which the feedback
shows as their static copies. So here, once, for both pages and anyone opening the file:

- `text/html` and `image/svg+xml` keep only an allowlist of tags and attributes (text, tables,
  lists and the SVG shapes course.visuals draws), with no URLs at all and only inline styles of
  colour, font, text and box size (no positioning), cleaned by nh3 (Python binding of the Rust
  crate ammonia, a well-kept HTML sanitizer built on html5ever's parser);
- other MIME types are kept only when inert (`text/plain`, PNG/JPEG/GIF images, a widget view
  reference that has no state in graded copies); JavaScript, Markdown (rendered with raw HTML),
  LaTeX (MathJax) and unknown types are dropped, with `text/plain` kept or made from them;
- output metadata keeps only an image's width and height, as whole numbers (nbconvert writes
  them into unquoted attributes, and reads `filenames` as the image's URL);
- stream and error outputs are text, which nbconvert escapes: left as they are.
"""

from __future__ import annotations

from typing import Any

import nbformat
import nh3
from nbgrader.preprocessors import NbGraderPreprocessor

__all__ = ["SanitizeOutputs", "clean_html", "sanitized"]

_TEXT_TAGS = {"a", "abbr", "b", "blockquote", "br", "code", "dd", "del", "details", "div", "dl", "dt", "em",
              "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "ins", "kbd", "li", "mark", "ol", "p", "pre", "q",
              "s", "samp", "small", "span", "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot",
              "th", "thead", "tr", "u", "ul", "caption", "col", "colgroup", "figure", "figcaption", "var"}
_SVG_TAGS = {"svg", "g", "line", "rect", "circle", "ellipse", "path", "polyline", "polygon", "text", "tspan",
             "title", "desc"}
_COMMON_ATTRIBUTES = {"class", "title", "style", "role", "aria-label", "aria-hidden", "lang", "dir"}
_SVG_ATTRIBUTES = {"xmlns", "viewBox", "width", "height", "x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "r", "rx",
                   "ry", "d", "points", "fill", "fill-opacity", "stroke", "stroke-width", "stroke-dasharray",
                   "stroke-linecap", "stroke-linejoin", "stroke-opacity", "opacity", "transform", "text-anchor",
                   "dominant-baseline", "font-size", "font-family", "font-style", "font-weight", "dx", "dy",
                   "preserveAspectRatio", "offset", "stop-color"}
_ATTRIBUTES = {"*": _COMMON_ATTRIBUTES | {"data-task", "data-kind", "data-category"},
               "td": {"colspan", "rowspan", "align"}, "th": {"colspan", "rowspan", "align", "scope"},
               "col": {"span"}, "colgroup": {"span"}, "ol": {"start"}, "details": {"open"},
               **{tag: _SVG_ATTRIBUTES for tag in _SVG_TAGS}}
#: Inline style properties kept: how text and boxes look, never where they sit (no `position`,
#: margins or transforms that could lay an output over the page's own score).
_STYLES = {"color", "background", "background-color", "border", "border-bottom", "border-collapse",
           "border-color", "border-left", "border-radius", "border-right", "border-style", "border-top",
           "border-width", "display", "font", "font-family", "font-size", "font-style", "font-variant-numeric",
           "font-weight", "height", "line-height", "max-height", "max-width", "min-width", "opacity",
           "overflow", "overflow-x", "padding", "padding-bottom", "padding-left", "padding-right", "padding-top",
           "text-align", "text-decoration", "vertical-align", "white-space", "width", "fill", "stroke"}
#: MIME types kept as they are: nothing in them runs or is rendered as markup.
_INERT = {"text/plain", "image/png", "image/jpeg", "image/gif", "application/vnd.jupyter.widget-view+json"}
_MARKUP = {"text/html", "image/svg+xml"}


def clean_html(html: str) -> str:
    """`html` (a str) with only the allowlisted tags, attributes and styles (see the module
    docstring), no URLs, no comments; what was removed is dropped, its text kept."""
    return nh3.clean(html, tags=_TEXT_TAGS | _SVG_TAGS, attributes=_ATTRIBUTES, filter_style_properties=_STYLES,
                     url_schemes=set(), strip_comments=True, link_rel=None,
                     clean_content_tags={"script", "style"})


def _text(value: Any) -> str:
    return "".join(value) if isinstance(value, list) else str(value)


def sanitized(output: dict[str, Any]) -> dict[str, Any]:
    """One nbformat output (a dict), made inert: see the module docstring. Not changed in place."""
    if output.get("output_type") not in ("display_data", "execute_result", "update_display_data"):
        return output
    data = output.get("data") or {}
    kept: dict[str, Any] = {}
    for mime, value in data.items():
        if mime in _INERT:
            kept[mime] = value
        elif mime in _MARKUP:
            kept[mime] = clean_html(_text(value))
    if "text/plain" not in kept:
        dropped = [mime for mime in data if mime not in kept]
        if dropped and not kept:
            kept["text/plain"] = (_text(data[dropped[0]]) if dropped[0] in ("text/markdown", "text/latex")
                                  else f"[{', '.join(dropped)} output not shown in graded copies]")
    return {**output, "data": kept, "metadata": _metadata(output.get("metadata"), kept)}


def _metadata(metadata: Any, kept: dict[str, Any]) -> dict[str, Any]:
    """An output's metadata as nbconvert may read it: an image's width and height, as whole numbers,
    and nothing else (nbconvert's templates write them into an unquoted attribute: `"1 onerror=..."`
    became an event handler, and `filenames` an external URL the page loads: red-team pass 52)."""
    if not isinstance(metadata, dict):
        return {}
    cleaned: dict[str, Any] = {}
    for mime in kept:
        sizes = metadata.get(mime)
        if mime.startswith("image/") and isinstance(sizes, dict):
            whole = {key: value for key, value in sizes.items() if key in ("width", "height")
                     and type(value) is int and 0 < value < 100_000}
            if whole:
                cleaned[mime] = whole
    return cleaned


class SanitizeOutputs(NbGraderPreprocessor):
    """Autograde preprocessor: every code cell's outputs made inert (`sanitized`)."""

    def preprocess_cell(self, cell, resources, index):
        if cell.cell_type == "code" and cell.get("outputs"):
            cell.outputs = [nbformat.from_dict(sanitized(output)) for output in cell.outputs]
        return cell, resources
