"""Class overview after autograding: how each problem went, and which checks failed most.

Scores come from the gradebook (nbgrader's Gradebook API, at the course's
db_url); failed checks come from the error outputs of the autograded
notebooks, read back by `course.grading.failures` (a harness failure names
the invariant; failures are grouped by "what was checked", which is the
same whatever the seed). A problem a student left as released (its solution
cells' nbgrader checksum unchanged, the rule of the grader's summary cell)
fails every check with the placeholder's NotImplementedError: that is no
failed check but a problem not attempted, counted apart. `render_table` gives the terminal view,
`render_html` a self-contained page with SVG charts (no plotting library).
"""

from __future__ import annotations

import html
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
from nbgrader.api import Gradebook, MissingEntry

from .failures import FailedCheck, failed_check, problem_of
from .settings import course_settings
from .summary import untouched_problems


@dataclass
class ProblemScores:
    problem: str
    max_score: float
    scores: dict[str, float] = field(default_factory=dict)  # student -> points on this problem

    @property
    def mean(self) -> float:
        return statistics.fmean(self.scores.values()) if self.scores else 0.0

    @property
    def median(self) -> float:
        return statistics.median(self.scores.values()) if self.scores else 0.0

    @property
    def full(self) -> int:
        return sum(1 for s in self.scores.values() if s >= self.max_score)

    @property
    def zero(self) -> int:
        return sum(1 for s in self.scores.values() if s == 0)

    def distribution(self) -> list[tuple[float, int]]:
        """(score, number of students) for every score from 0 to max (whole points)."""
        counts = Counter(self.scores.values())
        values = sorted(set(range(int(self.max_score) + 1)) | set(counts))
        return [(v, counts.get(v, 0)) for v in values]


@dataclass(frozen=True)
class CommonFailure:
    problem: str
    grade_id: str
    checked: str
    title: str
    students: tuple[str, ...]
    example: str  # what one student's run showed


@dataclass
class Overview:
    assignment: str
    students: list[str]
    problems: list[ProblemScores]
    failures: list[CommonFailure]  # most students first
    #: problem -> the students who left it as released (their checks' failures are not above)
    not_attempted: dict[str, tuple[str, ...]] = field(default_factory=dict)


def class_overview(course_dir: Path, assignment: str) -> Overview:
    course_dir = Path(course_dir)
    db_url, course_id = course_settings(course_dir)
    problems: dict[str, ProblemScores] = {}
    students: list[str] = []
    with Gradebook(db_url, course_id) as gb:
        for student in sorted(s.id for s in gb.students):
            try:
                submission = gb.find_submission(assignment, student)
            except MissingEntry:
                continue
            students.append(student)
            mine: dict[str, float] = defaultdict(float)
            for notebook in submission.notebooks:
                for grade in notebook.grades:
                    problem = problem_of(grade.name)
                    if problem is None:
                        continue
                    problems.setdefault(problem, ProblemScores(problem, 0.0))
                    mine[problem] += grade.score
            for problem, score in mine.items():
                problems[problem].scores[student] = score
        assignment_row = gb.find_assignment(assignment)
        for notebook in assignment_row.notebooks:
            for cell in notebook.grade_cells:
                problem = problem_of(cell.name)
                if problem in problems:
                    problems[problem].max_score += cell.max_score

    failures, not_attempted = failed_checks(course_dir, assignment, students)
    return Overview(assignment, students, [problems[p] for p in sorted(problems)], failures, not_attempted)


def failed_checks(course_dir: Path, assignment: str,
                  students: list[str]) -> tuple[list[CommonFailure], dict[str, tuple[str, ...]]]:
    """The failed checks of the autograded notebooks, most students first, and per problem the
    students who did not attempt it (whose checks are left out of the failures)."""
    grouped: dict[tuple[str, str, str], list[tuple[str, FailedCheck]]] = defaultdict(list)
    blank: dict[str, set[str]] = defaultdict(set)
    for student in students:
        for path in sorted((Path(course_dir) / "autograded" / student / assignment).glob("*.ipynb")):
            nb = nbformat.read(path, as_version=4)
            untouched = untouched_problems(nb)
            for problem in untouched:
                blank[problem].add(student)
            for cell in nb.cells:
                meta = cell.metadata.get("nbgrader", {})
                if cell.cell_type != "code" or not meta.get("grade") or meta.get("solution"):
                    continue
                failure = failed_check(cell)
                if failure is not None and failure.problem and failure.problem not in untouched:
                    grouped[(failure.problem, failure.grade_id, failure.checked)].append((student, failure))
    failures = [CommonFailure(problem, grade_id, checked, hits[0][1].title,
                              tuple(sorted({s for s, _ in hits})), hits[0][1].seen)
                for (problem, grade_id, checked), hits in grouped.items()]
    failures.sort(key=lambda f: (-len(f.students), f.problem, f.grade_id))
    return failures, {problem: tuple(sorted(blank[problem])) for problem in sorted(blank)}


def _bar(count: int, total: int, width: int = 20) -> str:
    filled = round(width * count / total) if total else 0
    return "█" * filled + "·" * (width - filled)


def render_table(overview: Overview, top: int = 10) -> str:
    n = len(overview.students)
    lines = [f"{overview.assignment}: {n} graded student(s)", "",
             f"{'problem':<8} {'max':>4} {'mean':>5} {'median':>6} {'full':>5} {'zero':>5}   scores (points x students)"]
    for p in overview.problems:
        dist = "  ".join(f"{score:g}pt x{count}" for score, count in p.distribution() if count)
        lines.append(f"{p.problem.upper():<8} {p.max_score:>4g} {p.mean:>5.1f} {p.median:>6g} "
                     f"{p.full:>5} {p.zero:>5}   {dist}")
    lines += ["", f"Most common failed checks (top {top}):"]
    if not overview.failures:
        lines.append("  none: every check passed for every student who attempted its problem")
    for f in overview.failures[:top]:
        lines.append(f"  {len(f.students):>3}/{n} {_bar(len(f.students), n, 10)}  {f.problem.upper()} "
                     f"{f.grade_id}: [{f.title}] {f.checked}")
        lines.append(f"          e.g. {f.example}")
    if overview.not_attempted:
        lines += ["", "Not attempted (solution cell as released: scored 0, not counted as failed checks):"]
        for problem, who in overview.not_attempted.items():
            lines.append(f"  {problem.upper()}: {len(who)} student(s): {', '.join(who)}")
    return "\n".join(lines)


def _histogram_svg(p: ProblemScores, students: int) -> str:
    dist = p.distribution()
    width, height, pad = 28 * len(dist) + 40, 150, 24
    peak = max((c for _, c in dist), default=0) or 1
    bars = []
    for i, (score, count) in enumerate(dist):
        h = (height - 2 * pad) * count / peak
        x, y = 30 + 28 * i, height - pad - h
        colour = "#2e7d32" if score >= p.max_score else ("#c62828" if score == 0 else "#f9a825")
        bars.append(f'<rect x="{x}" y="{y:.1f}" width="22" height="{h:.1f}" fill="{colour}">'
                    f"<title>{count} student(s) scored {score:g}</title></rect>"
                    + (f'<text x="{x + 11}" y="{y - 4:.1f}" text-anchor="middle" font-size="11">{count}</text>'
                       if count else "")
                    + f'<text x="{x + 11}" y="{height - 8}" text-anchor="middle" font-size="11">{score:g}</text>')
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" role="img" '
            f'aria-label="{p.problem} score distribution">'
            f'<line x1="25" y1="{height - pad}" x2="{width - 5}" y2="{height - pad}" stroke="#555"/>'
            + "".join(bars) + "</svg>")


def render_html(overview: Overview, top: int = 10) -> str:
    n = len(overview.students)
    esc = html.escape
    sections = []
    for p in overview.problems:
        sections.append(
            f'<div class="problem"><h3>{esc(p.problem.upper())}</h3>'
            f"<p>max {p.max_score:g} · mean {p.mean:.1f} · median {p.median:g} · "
            f"full marks {p.full}/{n} · zero {p.zero}/{n}</p>{_histogram_svg(p, n)}"
            f'<p class="axis">points (x) · students (bars)</p></div>')
    rows = []
    for f in overview.failures[:top]:
        share = 100 * len(f.students) / n if n else 0
        rows.append(
            f"<tr><td>{len(f.students)}/{n}<div class='bar'><span style='width:{share:.0f}%'></span></div></td>"
            f"<td>{esc(f.problem.upper())}</td><td><code>{esc(f.grade_id)}</code></td>"
            f"<td><b>{esc(f.title)}</b>: {esc(f.checked)}<br><small>e.g. {esc(f.example)}</small></td>"
            f"<td><small>{esc(', '.join(f.students))}</small></td></tr>")
    table = ("<table><tr><th>students</th><th>problem</th><th>check</th><th>what failed</th>"
             "<th>who</th></tr>" + "".join(rows) + "</table>") if rows else "<p>Every check passed.</p>"
    if overview.not_attempted:
        table += ("<h2>Not attempted</h2><p>Solution cell as released: scored 0, not counted as failed "
                  "checks.</p><table><tr><th>problem</th><th>students</th><th>who</th></tr>"
                  + "".join(f"<tr><td>{esc(problem.upper())}</td><td>{len(who)}/{n}</td>"
                            f"<td><small>{esc(', '.join(who))}</small></td></tr>"
                            for problem, who in overview.not_attempted.items()) + "</table>")
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{esc(overview.assignment)}: class overview</title>
<style>
body {{ font-family: system-ui, sans-serif; margin: 2em; color: #222; }}
.problems {{ display: flex; flex-wrap: wrap; gap: 1.5em; }}
.problem {{ border: 1px solid #ddd; border-radius: 6px; padding: 0.5em 1em; }}
.problem p {{ margin: 0.3em 0; font-size: 90%; }} .axis {{ color: #777; }}
table {{ border-collapse: collapse; margin-top: 1em; }}
td, th {{ border-bottom: 1px solid #ddd; padding: 0.4em 0.6em; text-align: left; vertical-align: top; }}
.bar {{ width: 80px; height: 6px; background: #eee; }} .bar span {{ display: block; height: 6px; background: #c62828; }}
</style></head><body>
<h1>{esc(overview.assignment)}: class overview</h1>
<p>{n} graded student(s). Bars: green full marks, amber partial, red zero.</p>
<h2>Score distribution per problem</h2>
<div class="problems">{"".join(sections)}</div>
<h2>Most common failed checks</h2>
{table}
</body></html>
"""
