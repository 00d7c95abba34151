"""An experiment: knobs that rerun the student's code on the harness and redraw.

`Experiment(title, knobs, measure)` shows the knobs (ipywidgets sliders,
toggles), and below them what `measure(**knob_values)` returned: a few
figures in words, charts, and the timeline of one run. Moving a knob calls
`measure` again and redraws.

`measure` runs student code only through `recording.record` (virtual time,
a worker thread, the harness's guards), so a broken solution costs at most
the harness's limits per run; when it fails, `measure` raises the
`CheckFailed` and the experiment shows that message in place of the
picture, never a traceback and never a hang (where the experiment has a
baseline, `measure` may instead return the baseline's outcome with the
failure in `Outcome.failure`: the message, then the baseline). Like `Timeline`, its display
carries a static copy (`text/html`) for exports and feedback.
"""

from __future__ import annotations

import html
import inspect
from dataclasses import dataclass, field
from typing import Any, Callable

import ipywidgets as widgets

from course.testing import CheckFailed

from .recording import Recording
from .timeline import Timeline


@dataclass
class Outcome:
    """What one setting of the knobs showed."""

    figures: dict[str, Any]
    lines: list[str]
    charts: list[str] = field(default_factory=list)
    recording: Recording | None = None
    kinds: dict[str, str] | None = None
    timeline_title: str = ""
    # The student's code failed, and what is shown is a baseline's alone (P09's readers-preferring
    # lock): the failure's message goes above it.
    failure: CheckFailed | None = None


class NotUsable(CheckFailed):
    """What the experiment was given cannot run (not a class, not `async def` ...)."""

    title = "Cannot run this experiment"


def require_coroutine_function(obj: Any, name: str) -> None:
    """Fail with a clear message unless `obj` is an `async def` function."""
    if not inspect.iscoroutinefunction(obj):
        raise NotUsable(f"`{name}` must be a coroutine function (defined with `async def`); got {obj!r}. "
                        "Run its solution cell first.")


def require_class(obj: Any, name: str, coroutine_methods: tuple[str, ...] = ()) -> None:
    """Fail with a clear message unless `obj` is a class with these `async def` methods."""
    if not isinstance(obj, type):
        raise NotUsable(f"`{name}` must be a class; got {obj!r}. Run its solution cell first.")
    for method in coroutine_methods:
        if not inspect.iscoroutinefunction(getattr(obj, method, None)):
            raise NotUsable(f"`{name}.{method}` must be a coroutine method (defined with `async def`).")


def raise_failure(recording: Recording) -> Recording:
    """Raise the recording's failure if it failed, else return it."""
    if recording.failure is not None:
        # Its scenario lives inside the experiment: a "replay it" hint would name
        # a function the student cannot call.
        recording.failure.replay = None
        raise recording.failure
    return recording


class Experiment(widgets.VBox):
    """Knobs over a `measure` function; see the module docstring."""

    def __init__(self, title: str, knobs: dict[str, widgets.ValueWidget],
                 measure: Callable[..., Outcome], *, intro: str = "") -> None:
        self.title = title
        self.intro = intro
        self.knobs = knobs
        self._measure = measure
        self.outcome: Outcome | None = None
        self.failure: CheckFailed | None = None
        self.runs = 0
        self._holding = False
        self.heading = widgets.HTML(f"<b>{html.escape(title)}</b>"
                                    + (f"<br>{html.escape(intro)}" if intro else ""))
        self.report = widgets.HTML()
        self.charts = widgets.HTML()
        self.timeline_slot = widgets.VBox()
        for knob in knobs.values():
            knob.observe(self._on_change, names="value")
        super().__init__([self.heading, widgets.HBox(list(knobs.values()),
                                                     layout=widgets.Layout(flex_flow="row wrap")),
                          self.report, self.charts, self.timeline_slot])
        self.update()

    @property
    def values(self) -> dict[str, Any]:
        return {name: knob.value for name, knob in self.knobs.items()}

    def set(self, **values: Any) -> "Experiment":
        """Turn several knobs at once (one rerun), as a student moving sliders would."""
        unknown = set(values) - set(self.knobs)
        if unknown:
            raise KeyError(f"no knob named {', '.join(sorted(unknown))}; the knobs are {', '.join(self.knobs)}")
        self._holding = True
        try:
            for name, value in values.items():
                self.knobs[name].value = value
        finally:
            self._holding = False
        self.update()
        return self

    def _on_change(self, _change=None) -> None:
        if not self._holding:
            self.update()

    def update(self) -> None:
        """Run `measure` with the knobs' values and redraw."""
        self.runs += 1
        try:
            outcome = self._measure(**self.values)
        except CheckFailed as failure:
            self.outcome, self.failure = None, failure
            self.report.value = self._failure_html(failure)
            self.charts.value = ""
            self.timeline_slot.children = ()
            return
        self.outcome, self.failure = outcome, outcome.failure
        self.report.value = ((self._failure_html(outcome.failure) if outcome.failure is not None else "")
                             + "<br>".join(html.escape(line) for line in outcome.lines))
        self.charts.value = "".join(f"<div style='display:inline-block;vertical-align:top'>{c}</div>"
                                    for c in outcome.charts)
        rec = outcome.recording
        if rec is not None and rec.trace is not None and len(rec.trace):
            self.timeline_slot.children = (Timeline(rec.trace, title=outcome.timeline_title,
                                                    kinds=outcome.kinds),)
        else:
            self.timeline_slot.children = ()

    @property
    def timeline(self) -> Timeline | None:
        return self.timeline_slot.children[0] if self.timeline_slot.children else None

    @staticmethod
    def _failure_html(failure: CheckFailed) -> str:
        return ("<div style='color:#cf222e;font-weight:600'>Your code could not run this experiment.</div>"
                f"<pre style='white-space:pre-wrap;word-break:normal;overflow-wrap:break-word'>"
                f"{html.escape(str(failure))}</pre>"
                "<div>Fix your solution (its checks above say more), run its cell, then run this "
                "cell again.</div>")

    # --- static fallback -------------------------------------------------
    def to_html(self) -> str:
        """A self-contained static copy: the knobs' values, the figures, charts and timeline."""
        knobs = ", ".join(f"{html.escape(getattr(k, 'description', '') or name)} = {html.escape(str(k.value))}"
                          for name, k in self.knobs.items())
        parts = [f"<div class='course-experiment-static' style='font-family:system-ui,sans-serif'>{self.heading.value}",
                 f"<div style='color:#57606a'>Knobs (static copy: run the notebook to move them): {knobs}</div>",
                 f"<div>{self.report.value}</div>", self.charts.value]
        if self.timeline is not None:
            parts.append(self.timeline.to_html())
        parts.append("</div>")
        return "".join(parts)

    def to_text(self) -> str:
        lines = [self.title, ", ".join(f"{n} = {v}" for n, v in self.values.items())]
        lines += [str(self.failure)] if self.failure is not None else []
        lines += self.outcome.lines if self.outcome is not None else []
        return "\n".join(lines)

    def _repr_mimebundle_(self, **kwargs):
        data = super()._repr_mimebundle_(**kwargs) or {}
        data["text/plain"] = self.to_text()
        data["text/html"] = self.to_html()
        return data
