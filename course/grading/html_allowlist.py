"""The HTML and SVG allowlist of graded outputs (`clean_html`), and the worker process that applies
it to a notebook's outputs (`serve`) for `course.grading.sanitize_outputs`.

Side: trusted (nbgrader's process imports it; `SanitizeOutputs` also runs it as a child process,
bounded in memory and time, which is the only place it cleans student HTML at grading).

This module imports nothing but the standard library and nh3, so the worker starts in ~30 ms
(`python -I <this file>`), without nbgrader, nbformat or the course package.
"""

from __future__ import annotations

import json
import re
import sys

import nh3

TEXT_TAGS = {"a", "abbr", "b", "blockquote", "br", "code", "dd", "del", "details", "div", "dl", "dt", "em",
             "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "ins", "kbd", "li", "mark", "ol", "p", "pre", "q",
             "s", "samp", "small", "span", "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot",
             "th", "thead", "tr", "u", "ul", "caption", "col", "colgroup", "figure", "figcaption", "var"}
SVG_TAGS = {"svg", "g", "line", "rect", "circle", "ellipse", "path", "polyline", "polygon", "text", "tspan",
            "title", "desc"}
_COMMON_ATTRIBUTES = {"class", "title", "style", "role", "aria-label", "aria-hidden", "lang", "dir"}
_SVG_ATTRIBUTES = {"xmlns", "viewBox", "width", "height", "x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "r", "rx",
                   "ry", "d", "points", "fill", "fill-opacity", "stroke", "stroke-width", "stroke-dasharray",
                   "stroke-linecap", "stroke-linejoin", "stroke-opacity", "opacity", "transform", "text-anchor",
                   "dominant-baseline", "font-size", "font-family", "font-style", "font-weight", "dx", "dy",
                   "preserveAspectRatio", "offset", "stop-color"}
ATTRIBUTES = {"*": _COMMON_ATTRIBUTES | {"data-task", "data-kind", "data-category"},
              "td": {"colspan", "rowspan", "align"}, "th": {"colspan", "rowspan", "align", "scope"},
              "col": {"span"}, "colgroup": {"span"}, "ol": {"start"}, "details": {"open"},
              **{tag: _SVG_ATTRIBUTES for tag in SVG_TAGS}}
#: Inline style properties kept: how text and boxes look, never where they sit (no `position`,
#: margins or transforms that could lay an output over the page's own score).
STYLES = {"color", "background", "background-color", "border", "border-bottom", "border-collapse",
          "border-color", "border-left", "border-radius", "border-right", "border-style", "border-top",
          "border-width", "display", "font", "font-family", "font-size", "font-style", "font-variant-numeric",
          "font-weight", "height", "line-height", "max-height", "max-width", "min-width", "opacity",
          "overflow", "overflow-x", "padding", "padding-bottom", "padding-left", "padding-right", "padding-top",
          "text-align", "text-decoration", "vertical-align", "white-space", "width", "fill", "stroke"}

#: The only functional notations an attribute value may hold: colours, SVG transforms and `calc`,
#: none of which loads anything. Browsers read SVG presentation attributes (`fill`, `stroke`, ...)
#: and `style` as CSS, where `url(...)`, `image(...)`, `image-set(...)`, `cross-fade(...)`,
#: `src(...)` and `@import` fetch: red-team pass 56 had `fill="url(https://...)"` load a beacon
#: from the feedback page.
_FUNCTIONS = {"", "rgb", "rgba", "hsl", "hsla", "hwb", "translate", "translatex", "translatey", "scale",
              "scalex", "scaley", "rotate", "matrix", "skewx", "skewy", "calc"}
_CALL = re.compile(r"([\w-]*)\s*\(")


#: Attributes a browser reads as plain text, never as CSS or a URL: any value.
_TEXT_ATTRIBUTES = {"title", "aria-label", "aria-hidden", "role", "lang", "dir", "data-task", "data-kind",
                    "data-category"}
#: The classes an output may name: those `course.visuals` and `course.progress` give their own elements
#: (`course-...`, and three of an SVG's parts). Any other is dropped: the pages an output is shown on style
#: their own classes, and a name of theirs gives an element what the allowlist keeps out of its inline style
#: (Bootstrap's `.modal` is fixed to the whole window, above everything: a solution's `<div class="modal">`
#: covered its feedback page with a "Score: 170.0 / 170.0" of its own, red-team pass 123).
_OWN_CLASS = re.compile(r"course-[a-z0-9-]+|cursor|legend|highlight")


def attribute_filter(element: str, attribute: str, value: str) -> str | None:
    """`value` (entity-decoded) if nothing in it can load anything, else None (the attribute is
    dropped): but in a plain-text attribute (a title, a task's name), no CSS escape (a backslash:
    `u\\72l(` is `url(` to a browser), no comment (`/*`), no at-rule (`@import`), and no
    functional notation but those in `_FUNCTIONS`; of a `class`, only the names `_OWN_CLASS` allows (none left:
    dropped)."""
    if attribute in _TEXT_ATTRIBUTES:
        return value
    if attribute == "class":
        kept = " ".join(name for name in value.split() if _OWN_CLASS.fullmatch(name))
        return kept or None
    if "\\" in value or "@" in value or "/*" in value:
        return None
    if any(name.lower() not in _FUNCTIONS for name in _CALL.findall(value)):
        return None
    return value


def clean_html(html: str) -> str:
    """`html` (a str) with only the allowlisted tags, attributes and styles, no URLs (no URL
    attribute, no attribute value that can load one), no comments; what was removed is dropped,
    its text kept. Use `course.grading.sanitize_outputs` for student output: nh3 here runs in
    the caller's process, unbounded (an input of a few KB can make it build a document of GBs)."""
    return nh3.clean(html, tags=TEXT_TAGS | SVG_TAGS, attributes=ATTRIBUTES, attribute_filter=attribute_filter,
                     filter_style_properties=STYLES, url_schemes=set(), strip_comments=True, link_rel=None,
                     clean_content_tags={"script", "style"})


def serve(max_bytes: int, memory: int, cpu_seconds: int) -> None:
    """The worker: limits its own address space (`memory` bytes) and CPU time, before it reads
    anything; then, for each line of stdin (a JSON string of HTML), one line on stdout, at once:
    the JSON string it cleans to, or null if that is longer than `max_bytes` (UTF-8)."""
    import resource
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    out = sys.stdout
    for line in sys.stdin:
        cleaned = clean_html(json.loads(line))
        out.write(json.dumps(cleaned if len(cleaned.encode("utf-8", "replace")) <= max_bytes else None) + "\n")
        out.flush()


if __name__ == "__main__":
    serve(*map(int, sys.argv[1:4]))
