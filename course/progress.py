"""Where a student stands: every problem, its status, and its points.

Each notebook ends with a cell that calls `summary("1_easy")`; a student can
call `summary()` anywhere (every problem of the course) or `summary("2_medium")`.
It is for the student only and runs nothing of theirs: it reports what the
visible check cells said the last time they ran in this kernel, which it
learns from IPython's `post_run_cell` event (`watch`, installed when a notebook's
setup cell imports `course.notebook`, or a check cell imports `course.testing`: a check
cell run after a kernel restart without the setup cell is recorded too). For each
problem it shows

- *not checked yet*: its visible check cell has not run in this kernel;
- *not started*: the check ran into the solution cell's placeholder
  (`raise NotImplementedError()`): the cell is as released, or was not run since it
  was edited, or its last run failed;
- *visible checks pass*: and how many of its points the hidden tests decide;
- *failing*: the property the check names, what it saw, and the line that
  draws the failing schedule (`course.visuals.replay`);

with each problem's points and their total. Grades are never
read from here: at autograde the summary cell is not run in the kernel, and
the grader writes its own verdicts into it (`course.grading.ExecuteIsolated`),
with `render` below laying them out the same way.
"""

from __future__ import annotations

import html
import re
import sys
from dataclasses import dataclass, field
from typing import Any, Callable

from .testing import CheckFailed, MissingName
from .testing._descriptors import FixedProperty


@dataclass(frozen=True)
class Problem:
    key: str  # "p01"
    notebook: str  # "1_easy"
    title: str
    points: int  # the contract's points for the whole problem
    visible: int  # of which its visible check cell carries


#: The course's problems (../shared/CURRICULUM.md); a unit test keeps this equal to source/.
PROBLEMS: tuple[Problem, ...] = (
    Problem("p01", "1_easy", "Lock: mutual exclusion", 10, 1),
    Problem("p02", "1_easy", "Semaphore: bounded concurrency", 10, 1),
    Problem("p03", "1_easy", "Event: a one-shot signal", 10, 1),
    Problem("p04", "2_medium", "Condition: wait until there is something to take", 15, 2),
    Problem("p05", "2_medium", "Token-bucket rate limiter", 15, 2),
    Problem("p06", "2_medium", "Queue: backpressure", 15, 2),
    Problem("p07", "2_medium", "Barrier: rendezvous", 15, 2),
    Problem("p08", "3_hard", "Circuit breaker", 20, 2),
    Problem("p09", "3_hard", "Read-write lock, writer-preferring", 20, 2),
    Problem("p10", "3_hard", "Async priority queue", 20, 2),
    Problem("p11", "3_hard", "Resource pool with health checks", 20, 2),
)
NOTEBOOKS = tuple(dict.fromkeys(p.notebook for p in PROBLEMS))

NOT_CHECKED, NOT_STARTED, PASSING, FAILING = "not checked yet", "not started", "visible checks pass", "failing"
_MARK = {NOT_CHECKED: "…", NOT_STARTED: "○", PASSING: "✔", FAILING: "✘"}
_COLOUR = {NOT_CHECKED: "#57606a", NOT_STARTED: "#57606a", PASSING: "#1a7f37", FAILING: "#cf222e"}

#: The first line of every visible check cell.
_VISIBLE = re.compile(r"\A\s*# Visible checks for (P\d\d)\b")


@dataclass
class Verdict:
    """What a problem's visible check cell said when it last ran."""

    status: str
    failed: str = ""  # the property (or kind of failure) named
    seen: str = ""  # what was observed
    replay: str = ""  # a line that draws the failing schedule
    ran_at: int | None = None  # the cell's execution count
    next_step: str = ""  # what to do, when the failure says (a name not defined)


@dataclass
class Row:
    """One line of a summary: a problem, its status, and what to do next."""

    problem: Problem
    status: str
    detail: str = ""
    next_step: str = ""
    earned: float | None = None  # only the grader knows: its own score of the problem
    extra: list[str] = field(default_factory=list)
    label: str = ""  # the status as shown, if not `status` itself
    most: float | None = None  # the grader's maximum for the problem, if not the contract's points

    @FixedProperty  # (loaded in a check process: see course.testing._descriptors)
    def shown(self) -> str:
        return self.label or self.status


# --- what the kernel has seen ------------------------------------------------
_verdicts: dict[str, Verdict] = {}
_watched: set[int] = set()


def verdict_of(error: BaseException | None, ran_at: int | None = None) -> Verdict:
    """The verdict of a visible check cell that ended with `error` (None: it passed)."""
    if error is None:
        return Verdict(PASSING, ran_at=ran_at)
    text = str(error)
    if isinstance(error, NotImplementedError) or ("NotImplementedError" in text and "placeholder" in text):
        return Verdict(NOT_STARTED, ran_at=ran_at)
    missing = ""
    if isinstance(error, (NameError, MissingName)) or "NameError: " in text:
        missing = ("a name the check needs is not defined: run the notebook's cells from the top "
                   "(the setup cell, then the solution cell), then the check cell again")
    if isinstance(error, CheckFailed):
        named = getattr(error, "invariant", None) or error.checked or error.title
        seen = error.seen
        if getattr(error, "invariant", None) and " — but " in seen:
            seen = seen.split(" — but ", 1)[1]
        # The failure's own advice, where it gives one (a name now another problem's: "run P04's
        # solution cell again"), is the next step; and a failure that nothing concurrent caused
        # (not `drawable`: the check cell shows no drawing line) offers no schedule to draw, which
        # would only run the other problem's code.
        advice = seen.split("\nAdvice: ", 1)[1].split("\n", 1)[0].strip() if "\nAdvice: " in seen else ""
        seen = seen.split("\nAdvice: ", 1)[0]
        replay = ""
        if error.replay and error.replay.startswith("run(") and error.drawable:
            replay = f"from course.visuals import replay; replay{error.replay[3:]}"
        return Verdict(FAILING, failed=f"{error.title}: {named}" if named != error.title else named,
                       seen=seen, replay=replay, ran_at=ran_at, next_step=missing or advice)
    return Verdict(FAILING, failed=f"{type(error).__name__}", seen=text, ran_at=ran_at, next_step=missing)


def record(cell_source: str, error: BaseException | None, ran_at: int | None = None) -> str | None:
    """Note the outcome of a cell if it is a visible check cell; return its problem (or None)."""
    match = _VISIBLE.match(cell_source or "")
    if not match:
        return None
    key = match.group(1).lower()
    _verdicts[key] = verdict_of(error, ran_at)
    return key


def forget() -> None:
    """Forget every verdict (a fresh kernel knows none)."""
    _verdicts.clear()


def _post_run_cell(result: Any) -> None:
    try:
        info = getattr(result, "info", None)
        source = getattr(info, "raw_cell", "") or ""
        error = result.error_before_exec or result.error_in_exec
        record(source, error, getattr(result, "execution_count", None))
    except Exception:  # noqa: BLE001 - a summary must never disturb the student's cell
        pass


def watch(shell: Any = None) -> bool:
    """Follow the visible check cells run in IPython `shell` (the current one); True if watching."""
    if shell is None:
        # Only where IPython runs already (a kernel): a check process never loads it for this.
        ipython = sys.modules.get("IPython")
        shell = ipython.get_ipython() if ipython is not None else None
    events = getattr(shell, "events", None)
    if events is None:
        return False
    if id(shell) not in _watched:
        events.register("post_run_cell", _post_run_cell)
        _watched.add(id(shell))
    return True


# --- the summary -------------------------------------------------------------
def rows(notebook: str | None = None, verdicts: dict[str, Verdict] | None = None) -> list[Row]:
    """A row per problem of `notebook` (every problem if None), from the recorded verdicts."""
    verdicts = _verdicts if verdicts is None else verdicts
    wanted = [p for p in PROBLEMS if notebook is None or p.notebook == _notebook_name(notebook)]
    out = []
    for p in wanted:
        v = verdicts.get(p.key)
        hidden = p.points - p.visible
        if v is None:
            elsewhere = notebook is None and not any(verdicts.get(q.key) for q in PROBLEMS
                                                     if q.notebook == p.notebook)
            step = (f"open {p.notebook}.ipynb and run it (its last cell shows this table)" if elsewhere
                    else "run its visible check cell (or Run ▸ Run All Cells)")
            out.append(Row(p, NOT_CHECKED, next_step=step))
        elif v.status == NOT_STARTED:
            out.append(Row(p, NOT_STARTED, "its solution still raises the placeholder's NotImplementedError",
                           "write your code in its `# YOUR CODE HERE` cell, run it, then its demo and visible "
                           "check cells"))
        elif v.status == PASSING:
            out.append(Row(p, PASSING, f"these checks carry {p.visible} of its {p.points} points",
                           f"hidden tests decide the other {hidden} at grading, on many schedules: "
                           "make sure every property of the statement holds, not just the demo"))
        else:
            out.append(Row(p, FAILING, f"{v.failed}" + (f" — but {v.seen}" if v.seen else ""),
                           (v.next_step or "fix the solution cell, run it, then the check cell again")
                           + ("; draw the failing schedule in a scratch cell:" if v.replay else ""),
                           extra=[v.replay] if v.replay else []))
        if v is not None:
            # The cell, by the first line a student sees in it: an execution count ([35]) says
            # nothing about which cell it was.
            out[-1].extra.append(f"as its visible check cell (`# Visible checks for {p.key.upper()}`) said "
                                 "when it last ran")
    return out


#: Said once under a table with a "not started" row (each row's next step stays short).
NOT_STARTED_NOTE = ("Not started, though you wrote the solution? Then its cell has not run since, or its last run "
                    "failed: look at its output.")


def _notebook_name(notebook: str) -> str:
    name = notebook.rsplit("/", 1)[-1]
    return name[:-len(".ipynb")] if name.endswith(".ipynb") else name


def _html(text: str) -> str:
    """`text` escaped for HTML, with its `code` spans shown as code (not as literal backticks)."""
    return re.sub(r"`([^`]+)`", r"<code>\1</code>", html.escape(text))


def render(rows: list[Row], heading: str, footer: str = "") -> dict[str, str]:
    """A MIME bundle (HTML and plain text) of a summary table."""
    total = sum(r.problem.points if r.most is None else r.most for r in rows)
    counts = {s: sum(r.status == s for r in rows) for s in (PASSING, FAILING, NOT_STARTED, NOT_CHECKED)}
    graded = all(r.earned is not None for r in rows) and rows
    if graded:
        earned = sum(r.earned or 0 for r in rows)
        tally = f"{earned:g} of {total:g} points"
    else:
        tally = (f"{counts[PASSING]} of {len(rows)} problems pass their visible checks · "
                 f"{counts[FAILING]} failing · {counts[NOT_STARTED]} not started · "
                 f"{counts[NOT_CHECKED]} not checked yet · {total:g} points in these {len(rows)} problems, "
                 "all scored at grading")
    text = [heading, tally, ""]
    cells = []
    for r in rows:
        p = r.problem
        most = p.points if r.most is None else r.most
        points = f"{r.earned:g} / {most:g}" if r.earned is not None else f"{most:g}"
        text.append(f"{_MARK[r.status]} {p.key.upper()} {p.title} [{points} points]: {r.shown}"
                    + (f" — {r.detail}" if r.detail else ""))
        if r.next_step:
            text.append(f"    next: {r.next_step}")
        text.extend(f"    {line}" for line in r.extra)
        colour = _COLOUR[r.status]
        extra = "".join(f'<div><code>{html.escape(line)}</code></div>' if "replay(" in line
                        else f'<div style="color:#57606a">{_html(line)}</div>' for line in r.extra)
        cells.append(
            "<tr>"
            f'<td style="text-align:left;white-space:nowrap"><b>{p.key.upper()}</b> {html.escape(p.title)}</td>'
            f'<td style="text-align:left;color:{colour};font-weight:600;white-space:nowrap">'
            f"{_MARK[r.status]} {html.escape(r.shown)}</td>"
            f'<td style="text-align:right">{html.escape(points)}</td>'
            f'<td style="text-align:left">{_html(r.detail)}'
            + (f'<div style="color:#57606a">next: {_html(r.next_step)}</div>' if r.next_step else "")
            + f"{extra}</td></tr>")
    if counts[NOT_STARTED]:
        footer = f"{NOT_STARTED_NOTE} {footer}".strip()
    if footer:
        text += ["", footer]
    page = (f'<div class="course-summary"><div style="font-weight:600">{html.escape(heading)}</div>'
            f"<div>{html.escape(tally)}</div>"
            '<table><thead><tr><th style="text-align:left">problem</th><th style="text-align:left">status</th>'
            '<th style="text-align:right">points</th><th style="text-align:left">details</th></tr></thead>'
            f"<tbody>{''.join(cells)}</tbody></table>"
            + (f'<div style="color:#57606a">{_html(footer)}</div>' if footer else "") + "</div>")
    return {"text/plain": "\n".join(text), "text/html": page}


_FOOTER = ("From the visible check cells as they last ran in this kernel: run a problem's check cell "
           "again after changing its solution. Your grade comes from the hidden tests, run at grading "
           "on many schedules; this table never affects it.")


def summary(notebook: str | None = None, *, show: Callable[[dict[str, str]], None] | None = None) -> None:
    """Show where you stand: every problem of `notebook` ("1_easy", ...; all if None).

    `show` receives the MIME bundle (default: IPython's display). Nothing a solution
    did can make it raise: it reads only what the visible check cells recorded.
    """
    if notebook is not None and _notebook_name(notebook) not in NOTEBOOKS:
        raise ValueError(f"no notebook {notebook!r}: the course has {', '.join(NOTEBOOKS)}")
    heading = (f"Where you stand in {_notebook_name(notebook)}.ipynb" if notebook
               else "Where you stand in the course")
    (show or _display)(render(rows(notebook), heading, _FOOTER))


def _display(bundle: dict[str, str]) -> None:
    try:
        from IPython import get_ipython
        from IPython.display import display
    except ImportError:  # pragma: no cover
        get_ipython = None
    if get_ipython is None or get_ipython() is None:
        print(bundle["text/plain"])
        return
    display(bundle, raw=True)
