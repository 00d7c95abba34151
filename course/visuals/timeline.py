"""The timeline widget: one lane per task over virtual time, from a Trace.

`Timeline(trace)` (or `timeline(sim_or_trace)`) is an ipywidgets box:

- the picture (SVG: spans per lane, marks, legend; each shape's tooltip
  says what it is),
- a time-window slider to zoom in,
- the list of events: picking one draws a red line at its time and names it
  (the task, what it did, to which object, and what state the task was in).

Where widgets do not run (nbconvert's HTML export, nbgrader's feedback, a
notebook viewer) the same display carries a static copy: its
`_repr_mimebundle_` adds `text/html` (the full-range SVG and a caption) and
a `text/plain` summary beside the widget view, and those tools show the first
of them they can. `to_html()` returns that static copy.
"""

from __future__ import annotations

import html
from typing import Iterable

import ipywidgets as widgets

from course.testing import Trace, TraceEvent

from . import svg
from .lanes import CATEGORIES, TimelineModel, build, event_line

# The event list shows at most this many events (a picture of more is unreadable anyway).
MAX_LISTED_EVENTS = 2000


def _trace_of(source) -> Trace | list[TraceEvent]:
    """Accept a Trace, a Simulation (its .trace), a Recording, or a list of events."""
    trace = getattr(source, "trace", source)
    if trace is None:
        raise ValueError("there is no trace to draw: the scenario never started (see the failure above)")
    if isinstance(trace, Trace):
        return trace
    events = list(trace)
    if not all(isinstance(e, TraceEvent) for e in events):
        raise TypeError(f"draw a course.testing Trace (sim.trace), a Simulation or a list of TraceEvents, "
                        f"not {type(source).__name__}")
    return events


class Timeline(widgets.VBox):
    """An interactive timeline of a trace, with a static fallback for exports."""

    def __init__(self, trace, *, title: str = "", kinds: dict[str, str] | None = None,
                 tasks: list[str] | None = None, caption: str = "") -> None:
        self.model: TimelineModel = build(_trace_of(trace), kinds=kinds, tasks=tasks)
        self.title = title
        self.caption = caption
        start, end = self.model.start, max(self.model.end, self.model.start + 1e-3)
        self.picture = widgets.HTML(layout=widgets.Layout(overflow="auto"))
        self.window = widgets.FloatRangeSlider(
            value=(start, end), min=start, max=end, step=(end - start) / 500,
            description="time (s)", readout_format=".4f", continuous_update=False,
            layout=widgets.Layout(width="95%"))
        listed = self.model.events[:MAX_LISTED_EVENTS]
        self.event_list = widgets.Select(
            options=[("(pick an event to mark it on the timeline)", -1)] + [(event_line(e), e.seq) for e in listed],
            value=-1, rows=6, description="events", layout=widgets.Layout(width="95%"))
        self.details = widgets.HTML()
        self.caption_html = widgets.HTML(self._caption_html())
        self.window.observe(self._redraw, names="value")
        self.event_list.observe(self._on_pick, names="value")
        children = [self.picture, self.window, self.event_list, self.details]
        if caption:
            children.insert(0, self.caption_html)
        super().__init__(children)
        self._redraw()

    # --- interaction ------------------------------------------------------
    @property
    def selected(self) -> TraceEvent | None:
        seq = self.event_list.value
        return self.model.events[seq] if seq is not None and seq >= 0 else None

    def _redraw(self, _change=None) -> None:
        picked = self.selected
        self.picture.value = svg.render(self.model, title=self.title, window=tuple(self.window.value),
                                        cursor=picked.time if picked else None)

    def _on_pick(self, _change=None) -> None:
        picked = self.selected
        self.details.value = "" if picked is None else self.describe(picked)
        self._redraw()

    def describe(self, event: TraceEvent) -> str:
        """HTML naming `event` and what its task was doing at that moment."""
        states = [CATEGORIES[s.category].label + (f" ({s.obj})" if s.obj else "")
                  for s in self.model.spans_of(event.task)
                  if s.category != "running" and s.start <= event.time <= s.end]
        doing = "; ".join(states) if states else "not blocked on any primitive"
        return (f"<b>{html.escape(event_line(event))}</b><br>{html.escape(event.task)} at that time: "
                f"{html.escape(doing)}")

    # --- static fallback -------------------------------------------------
    def _caption_html(self) -> str:
        return f"<div style='margin:2px 0'>{html.escape(self.caption)}</div>" if self.caption else ""

    def to_html(self) -> str:
        """A self-contained static copy (no JavaScript): caption and full-range SVG."""
        return (f"<div class='course-timeline-static'>{self._caption_html()}"
                f"{svg.render(self.model, title=self.title)}</div>")

    def _repr_mimebundle_(self, **kwargs):
        data = super()._repr_mimebundle_(**kwargs) or {}
        data["text/plain"] = (self.title + "\n" if self.title else "") + self.model.summary()
        data["text/html"] = self.to_html()
        return data


def timeline(source, *, title: str = "", kinds: dict[str, str] | None = None,
             tasks: Iterable[str] | None = None) -> Timeline:
    """Draw a trace: `timeline(sim)` or `timeline(sim.trace)` in a scenario or notebook cell."""
    return Timeline(source, title=title, kinds=kinds, tasks=list(tasks) if tasks is not None else None)
