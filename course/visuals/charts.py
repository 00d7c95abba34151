"""Small hand-written SVG charts for the experiments (see svg.py for why no library).

One function, `chart`: lines or steps over a numeric x axis, optional markers
and a highlighted x (the knob's current value). Each point carries a hover
text (`<title>`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .svg import FONT, esc, nice_ticks


@dataclass
class Series:
    """One line of a chart: `points` are (x, y); `step` draws a staircase (counts over time)."""

    label: str
    points: list[tuple[float, float]]
    color: str = "#0969da"
    step: bool = False
    dashed: bool = False
    markers: bool = False
    hover: list[str] = field(default_factory=list)


def chart(series: list[Series], *, title: str, x_label: str, y_label: str,
          highlight_x: float | None = None, width: int = 380, height: int = 220,
          y_min: float | None = 0.0, x_ticks: list[tuple[float, str]] | None = None) -> str:
    """The SVG text of a chart of `series` (`x_ticks`: (x, label) pairs instead of numbers)."""
    points = [p for s in series for p in s.points]
    xs = [p[0] for p in points] or [0.0, 1.0]
    ys = [p[1] for p in points] or [0.0, 1.0]
    x0, x1 = min(xs), max(xs)
    y0 = min(ys) if y_min is None else min(y_min, min(ys))
    y1 = max(ys)
    if x1 <= x0:
        x1 = x0 + 1
    if y1 <= y0:
        y1 = y0 + 1
    y1 += (y1 - y0) * 0.08
    left, right, top, bottom = 48, 16, 22, 36
    pw, ph = width - left - right, height - top - bottom
    legend_h = 14 * len(series) + 10
    total_h = height + legend_h

    def px(x: float) -> float:
        return left + (x - x0) / (x1 - x0) * pw

    def py(y: float) -> float:
        return top + ph - (y - y0) / (y1 - y0) * ph

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" class="course-chart" width="{width}" height="{total_h}" '
           f'viewBox="0 0 {width} {total_h}" style="{FONT};background:#fff">',
           f'<text x="4" y="13" style="font-weight:600">{esc(title)}</text>']
    for t in nice_ticks(y0, y1, 4):
        out.append(f'<line x1="{left}" y1="{py(t):.1f}" x2="{left + pw}" y2="{py(t):.1f}" stroke="#eaeef2"/>'
                   f'<text x="{left - 4}" y="{py(t) + 4:.1f}" text-anchor="end" fill="#57606a">{t:g}</text>')
    for t, label in x_ticks if x_ticks is not None else [(t, f"{t:g}") for t in nice_ticks(x0, x1, 5)]:
        out.append(f'<text x="{px(t):.1f}" y="{top + ph + 14}" text-anchor="middle" fill="#57606a">{esc(label)}</text>')
    out.append(f'<line x1="{left}" y1="{top + ph}" x2="{left + pw}" y2="{top + ph}" stroke="#57606a"/>'
               f'<line x1="{left}" y1="{top}" x2="{left}" y2="{top + ph}" stroke="#57606a"/>'
               f'<text x="{left + pw / 2:.1f}" y="{top + ph + 30}" text-anchor="middle">{esc(x_label)}</text>'
               f'<text x="10" y="{top + ph / 2:.1f}" text-anchor="middle" '
               f'transform="rotate(-90 10 {top + ph / 2:.1f})">{esc(y_label)}</text>')
    if highlight_x is not None:
        hx = px(highlight_x)
        out.append(f'<rect x="{hx - 5:.1f}" y="{top}" width="10" height="{ph}" fill="#fff8c5" class="highlight"/>')
    for s in series:
        if not s.points:
            continue
        coords = []
        for i, (x, y) in enumerate(s.points):
            if s.step and i:
                coords.append(f"{px(x):.1f},{py(s.points[i - 1][1]):.1f}")
            coords.append(f"{px(x):.1f},{py(y):.1f}")
        dash = ' stroke-dasharray="5,3"' if s.dashed else ""
        out.append(f'<polyline points="{" ".join(coords)}" fill="none" stroke="{s.color}" stroke-width="1.8"{dash}>'
                   f'<title>{esc(s.label)}</title></polyline>')
        if s.markers:
            for i, (x, y) in enumerate(s.points):
                hover = s.hover[i] if i < len(s.hover) else f"{s.label}: {x:g} → {y:g}"
                out.append(f'<circle cx="{px(x):.1f}" cy="{py(y):.1f}" r="3.5" fill="{s.color}">'
                           f'<title>{esc(hover)}</title></circle>')
    for i, s in enumerate(series):
        ly = height + 10 + 14 * i
        dash = ' stroke-dasharray="5,3"' if s.dashed else ""
        out.append(f'<line x1="8" y1="{ly - 4}" x2="26" y2="{ly - 4}" stroke="{s.color}" stroke-width="2"{dash}/>'
                   f'<text x="32" y="{ly}">{esc(s.label)}</text>')
    out.append("</svg>")
    return "".join(out)
