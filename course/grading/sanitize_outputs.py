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
  lists and the SVG shapes course.visuals draws), with no URLs at all (no URL attribute, and no
  attribute value that can load one: `fill="url(...)"`, `image-set(`, a CSS escape, `@import`:
  `course.grading.html_allowlist`) and only inline styles of colour, font, text and box size (no
  positioning), cleaned by nh3 (Python binding of the Rust crate ammonia, a well-kept HTML
  sanitizer built on html5ever's parser);
- that cleaning runs in one worker process per notebook, not in nbgrader's: html5ever rebuilds
  open formatting elements in every later block, so 55 KB of HTML made a 78 MB document and took
  nbgrader to 1.2 GB (red-team pass 56; 280 KB would take ~28 GB). The worker has 256 MiB of
  address space (`memory_limit`), the notebook's outputs 10 s in all (`seconds`), and a cleaned
  output may be 4 MiB (`max_output_bytes`, the per-cell cap of ExecuteIsolated); an output past
  any of them is dropped, its `text/plain` kept with a note saying so. Measured: ~20 ms per
  notebook that has HTML or SVG outputs (none without); that 55 KB output is dropped in 0.4 s;
- other MIME types are kept only when inert (`text/plain`, PNG/JPEG/GIF images, a widget view
  reference that has no state in graded copies); JavaScript, Markdown (rendered with raw HTML),
  LaTeX (MathJax) and unknown types are dropped, with `text/plain` kept or made from them;
- output metadata keeps only an image's width and height, as whole numbers (nbconvert writes
  them into unquoted attributes, and reads `filenames` as the image's URL);
- stream and error outputs are text, which nbconvert escapes: left as they are.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from typing import Any, Callable

import nbformat
from nbgrader.preprocessors import NbGraderPreprocessor
from traitlets import Float, Integer

from . import html_allowlist
from .html_allowlist import clean_html

__all__ = ["SanitizeOutputs", "clean_html", "clean_all", "sanitized"]

#: MIME types kept as they are: nothing in them runs or is rendered as markup.
_INERT = {"text/plain", "image/png", "image/jpeg", "image/gif", "application/vnd.jupyter.widget-view+json"}
_MARKUP = {"text/html", "image/svg+xml"}


def clean_all(markups: list[str], *, seconds: float, memory: int, max_bytes: int) -> list[str | None]:
    """Each of `markups` cleaned (`clean_html`), or None where it could not be within bounds:
    by one worker process (`html_allowlist.serve`) for them all, with `memory` bytes of address
    space, each result at most `max_bytes`, all of them within `seconds` of wall time. A markup
    whose cleaning ends the worker (out of memory) or is still running at the deadline gets None,
    as does every one after it that the time left does not reach (a new worker takes the rest)."""
    results: list[str | None] = []
    deadline = time.monotonic() + seconds
    while len(results) < len(markups):
        left = deadline - time.monotonic()
        if left <= 0:
            results += [None] * (len(markups) - len(results))
            break
        done = _clean_in_worker(markups[len(results):], left, memory, max_bytes)
        results += done
        if len(results) < len(markups):
            results.append(None)  # the one the worker died on, or was cleaning at the deadline
    return results


def _clean_in_worker(markups: list[str], seconds: float, memory: int, max_bytes: int) -> list[str | None]:
    """What one worker cleaned, in order, before it ended or `seconds` passed."""
    payload = "".join(json.dumps(markup) + "\n" for markup in markups).encode()
    worker = subprocess.Popen([sys.executable, "-I", html_allowlist.__file__, str(max_bytes), str(memory),
                               str(max(1, int(seconds) + 1))],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                              env={"PATH": os.environ.get("PATH", "")})
    try:
        out, _ = worker.communicate(payload, timeout=seconds)
    except subprocess.TimeoutExpired:
        worker.kill()
        out, _ = worker.communicate()  # what it wrote before: not lost
    except BaseException:
        worker.kill()
        worker.wait()
        raise
    done: list[str | None] = []
    for line in out.split(b"\n")[:len(markups)]:
        try:
            value = json.loads(line)
        except ValueError:  # a line cut short: the worker ended while writing it
            break
        done.append(value if isinstance(value, str) else None)
    return done


def _text(value: Any) -> str:
    return "".join(value) if isinstance(value, list) else str(value)


def sanitized(output: dict[str, Any], clean: Callable[[str], str | None] = clean_html) -> dict[str, Any]:
    """One nbformat output (a dict), made inert: see the module docstring. Not changed in place.
    `clean` makes a markup inert, or says None when it could not (the markup is then dropped)."""
    if output.get("output_type") not in ("display_data", "execute_result", "update_display_data"):
        return output
    data = output.get("data") or {}
    kept: dict[str, Any] = {}
    unclean: list[str] = []
    for mime, value in data.items():
        if mime in _INERT:
            kept[mime] = value
        elif mime in _MARKUP:
            cleaned = clean(_text(value))
            if cleaned is None:
                unclean.append(mime)
            else:
                kept[mime] = cleaned
    if unclean:
        note = (f"[{', '.join(unclean)} output not shown in graded copies: making it inert took more "
                "memory, time or room than grading allows]")
        kept["text/plain"] = f"{_text(kept['text/plain'])}\n{note}" if "text/plain" in kept else note
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
    """Autograde preprocessor: every code cell's outputs made inert (`sanitized`), the notebook's
    HTML and SVG cleaned by one bounded worker process (`clean_all`)."""

    seconds = Float(10.0, help="Wall time the worker cleaning a notebook's HTML and SVG outputs may take in "
                               "all; outputs not cleaned by then are dropped (their text/plain kept).").tag(config=True)
    memory_limit = Integer(256 * 1024**2, help="Address space of that worker (bytes); an output whose cleaning needs "
                                         "more is dropped (its text/plain kept).").tag(config=True)
    max_output_bytes = Integer(4 * 1024**2, help="Largest cleaned HTML or SVG output kept (bytes): the per-cell "
                                                 "output cap of ExecuteIsolated.").tag(config=True)

    def preprocess(self, nb, resources):
        outputs = [output for cell in nb.cells if cell.cell_type == "code" for output in cell.get("outputs", ())
                   if output.get("output_type") in ("display_data", "execute_result", "update_display_data")]
        markups = list(dict.fromkeys(_text(value) for output in outputs
                                     for mime, value in (output.get("data") or {}).items() if mime in _MARKUP))
        cleaned = dict(zip(markups, clean_all(markups, seconds=self.seconds, memory=self.memory_limit,
                                              max_bytes=self.max_output_bytes))) if markups else {}
        for cell in nb.cells:
            if cell.cell_type == "code" and cell.get("outputs"):
                cell.outputs = [nbformat.from_dict(sanitized(output, cleaned.__getitem__)) for output in cell.outputs]
        return nb, resources
