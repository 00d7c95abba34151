"""Draw a `TimelineModel` as one self-contained SVG (hand-written, no dependency).

Why no plotting library: a timeline is rectangles on lanes, a time axis and a
legend. SVG written by hand is ~150 lines, renders in JupyterLab, in
nbconvert's HTML export and in nbgrader's feedback alike (it is plain markup,
no JavaScript), carries a hover text per span (`<title>`), and adds nothing
to the environment students and Binder install. matplotlib would add a large
dependency and a PNG without per-span hover; bqplot/plotly need their own
front-end extension and do not render where widgets do not run.
"""

from __future__ import annotations

import html
import math

from .lanes import CATEGORIES, TimelineModel

FONT = "font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:11px"
WIDTH = 780
LABEL_WIDTH = 120
LANE_HEIGHT = 20
AXIS_HEIGHT = 24
LEGEND_ROW = 16
#: The width of one character of FONT (a monospace font at 11 px: 0.6 em), in px.
CHAR_WIDTH = 6.6


def legend_layout(labels: list[str], width: int = WIDTH) -> list[tuple[int, int]]:
    """(x in px, row from 0) of each legend entry: three columns of `width // 3` px, an entry taking
    as many of them as its swatch and label need, starting a new row where the rest of the row
    is too narrow (a label of 60 characters ran into its neighbour's)."""
    column = width // 3
    places, row, used = [], 0, 0
    for label in labels:
        span = min(3, math.ceil((16 + len(label) * CHAR_WIDTH + 12) / column))
        if used + span > 3:
            row, used = row + 1, 0
        places.append((4 + used * column, row))
        used += span
    return places


def esc(text: object) -> str:
    return html.escape(str(text), quote=True)


def nice_ticks(start: float, end: float, count: int = 6) -> list[float]:
    """Round tick positions covering [start, end] (about `count` of them)."""
    span = end - start
    if span <= 0:
        return [start]
    raw = span / count
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    first = math.ceil(start / step - 1e-9) * step
    ticks = []
    k = 0
    while first + k * step <= end + 1e-9 * step:
        ticks.append(round(first + k * step, 12))
        k += 1
    return ticks


def format_time(t: float, span: float) -> str:
    """Seconds, shown in ms when the picture covers less than 1 s."""
    if span < 1:
        value = t * 1000
        return f"{value:.0f} ms" if abs(value - round(value)) < 1e-6 else f"{value:.1f} ms"
    return f"{t:g} s"


def render(model: TimelineModel, *, title: str = "", window: tuple[float, float] | None = None,
           cursor: float | None = None, width: int = WIDTH) -> str:
    """The SVG text of `model`, optionally zoomed to `window` with a `cursor` line."""
    start, end = window if window is not None else (model.start, model.end)
    if end <= start:
        end = start + 1e-3
    plot_w = width - LABEL_WIDTH - 12
    lanes_top = AXIS_HEIGHT + (18 if title else 0)
    lanes_h = max(1, len(model.lanes)) * LANE_HEIGHT
    places = legend_layout([c.label for c in model.legend], width)
    legend_rows = (places[-1][1] + 1 if places else 0) + 1
    height = lanes_top + lanes_h + 10 + legend_rows * LEGEND_ROW

    def x(t: float) -> float:
        return LABEL_WIDTH + (min(max(t, start), end) - start) / (end - start) * plot_w

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" class="course-timeline" width="{width}" '
           f'height="{height}" viewBox="0 0 {width} {height}" style="{FONT};background:#fff">']
    if title:
        out.append(f'<text x="4" y="13" style="font-weight:600">{esc(title)}</text>')
    # Axis and grid.
    for tick in nice_ticks(start, end):
        tx = x(tick)
        out.append(f'<line x1="{tx:.1f}" y1="{lanes_top - 4}" x2="{tx:.1f}" y2="{lanes_top + lanes_h}" '
                   'stroke="#eaeef2"/>')
        # A label near the right edge ends at the tick instead of centring on it: centred, the
        # last one ("40 ms") would run past the picture's edge and be cut.
        anchor = "end" if tx > width - 24 else "middle"
        out.append(f'<text x="{tx:.1f}" y="{lanes_top - 8}" text-anchor="{anchor}" fill="#57606a">'
                   f'{esc(format_time(tick, end - start))}</text>')
    # Lanes.
    for lane in model.lanes:
        y = lanes_top + lane.index * LANE_HEIGHT
        if lane.index % 2:
            out.append(f'<rect x="0" y="{y}" width="{width}" height="{LANE_HEIGHT}" fill="#f6f8fa"/>')
        name = lane.task if len(lane.task) <= 16 else lane.task[:15] + "…"
        out.append(f'<text x="4" y="{y + 14}"><title>{esc(lane.task)}</title>{esc(name)}</text>')
    # Spans: running (thin) first, then holds (full height), then waits (inset) on top.
    def depth(category: str) -> int:
        # An update (read ... write) is drawn like a hold: a wait inside it stays visible on top.
        # A shared set's member too: what it holds is a place in the set.
        full = category == "busy" or category.startswith(("hold", "update", "in:"))
        return 0 if category == "running" else 1 if full else 2

    drawn: dict[int, list] = {}
    for span in sorted(model.spans, key=lambda s: (depth(s.category), s.start, -s.duration)):
        if span.end < start or span.start > end:
            continue
        y = lanes_top + span.lane * LANE_HEIGHT
        x0, x1 = x(span.start), x(span.end)
        w = max(x1 - x0, 2.0)
        d = depth(span.category)
        inset, h = ((8, 4), (3, 14), (5, 10))[d]
        if d:
            # A span inside another one of the same lane (a lock held while holding a
            # permit) is drawn thinner on top of it, so both stay visible.
            under = drawn.setdefault(span.lane, [])
            level = sum(1 for s in under if s.start <= span.start and span.end <= s.end)
            inset, h = inset + 2 * level, max(3, h - 4 * level)
            under.append(span)
        color = CATEGORIES[span.category].color
        dash = ' stroke="#24292f" stroke-dasharray="2,2" stroke-width="0.8"' if span.open_at_end else ""
        out.append(f'<rect x="{x0:.1f}" y="{y + inset}" width="{w:.1f}" height="{h}" rx="2" fill="{color}"'
                   f'{dash} data-category="{esc(span.category)}" data-task="{esc(span.task)}">'
                   f'<title>{esc(span.title)}</title></rect>')
    # Marks: a small tick with its event's text.
    for mark in model.marks:
        if mark.time < start or mark.time > end:
            continue
        y = lanes_top + mark.lane * LANE_HEIGHT
        mx = x(mark.time)
        out.append(f'<path d="M{mx:.1f},{y + 1} l-3,-0 l3,5 l3,-5 z" fill="#24292f" data-kind="{esc(mark.kind)}">'
                   f'<title>{esc(mark.title)}</title></path>')
    if cursor is not None and start <= cursor <= end:
        cx = x(cursor)
        out.append(f'<line x1="{cx:.1f}" y1="{lanes_top - 4}" x2="{cx:.1f}" y2="{lanes_top + lanes_h}" '
                   'stroke="#cf222e" stroke-width="1.5" class="cursor"/>')
    # Legend: up to three entries per row (see legend_layout).
    ly = lanes_top + lanes_h + 10
    for category, (lx, row) in zip(model.legend, places):
        row_y = ly + row * LEGEND_ROW
        out.append(f'<rect x="{lx}" y="{row_y}" width="12" height="10" rx="2" fill="{category.color}"/>'
                   f'<text x="{lx + 16}" y="{row_y + 9}" class="legend">{esc(category.label)}</text>')
    row_y = ly + (legend_rows - 1) * LEGEND_ROW
    out.append(f'<path d="M7,{row_y + 1} l-3,0 l3,5 l3,-5 z" fill="#24292f"/><text x="16" y="{row_y + 9}" '
               'fill="#57606a" font-style="italic">= an instant event (set, notify, put, get …). '
               'Each shape has a tooltip naming it.</text>')
    out.append("</svg>")
    return "".join(out)
