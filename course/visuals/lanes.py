"""From a `course.testing` Trace to what a timeline draws: lanes, spans, marks, legend.

This is pure data (no drawing, no widgets), so it is what the tests check.

- A **lane** is one task, in order of first appearance.
- A **span** is an interval a task spent in one state of one object:
  holding a lock or a semaphore permit, waiting for one, waiting on an event,
  a condition or a barrier, blocked in `put()` on a full queue or in `get()`
  on an empty one, an item it added to a shared set (`sim.shared_set`) until it
  discarded it, or a scenario's own interval (`Trace.note("begin", ...)` /
  `Trace.note("end", ...)` on one object). Each lane also gets a *running*
  span from its task's first event to its last: the task exists and is not
  blocked on a primitive (it works, or sleeps on the clock).
- A **mark** is an instant event that opens or closes no span (`set`,
  `notify`, `put`, `get`, `task-done`, a note ...). Marks name what happened.
- An **update** is a read of a shared list (`sim.shared_list`) and the write of its task
  that follows it (`Trace.windows`), drawn as a span from the read to the write on the
  writer's lane: a read-modify-write. Two tasks' updates of one list that overlap are a
  lost update (one write overwrites the other's), drawn in their own colour.
- The **legend** lists one entry per category that occurs, in a fixed order.

The trace does not say what kind of primitive an object is; it is inferred
from the events it received (a queue gets `put`/`get`, an event `set`,
a condition `notify`, a barrier `arrive`; a lock/semaphore that was held by
two tasks at once is a semaphore), or given explicitly with `kinds`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable

from course.testing import Trace, TraceEvent

# A span opened by an event of kind K closes at the same task's next event on
# the same object whose kind is in the set. (state name, closers)
_OPENERS: dict[str, tuple[str, frozenset[str]]] = {
    "wait": ("wait", frozenset({"acquire", "woken", "give-up", "passed", "broken"})),
    "arrive": ("wait", frozenset({"passed", "broken", "give-up"})),
    "acquire": ("hold", frozenset({"release"})),
    "wait-put": ("full", frozenset({"put", "give-up"})),
    "wait-get": ("empty", frozenset({"get", "give-up"})),
    "begin": ("busy", frozenset({"end"})),
    # A shared set's member (P02's `active`): from the task's add to its discard.
    "add": ("in", frozenset({"discard"})),
}
# Per state, every kind of event that closes it (several openers share "wait").
_CLOSERS: dict[str, frozenset[str]] = {}
for _state, _closers in _OPENERS.values():
    _CLOSERS[_state] = _CLOSERS.get(_state, frozenset()) | _closers
# Events that only close spans, drawn as marks all the same when nothing was open.
_SILENT = {"acquire", "release", "woken", "passed", "give-up", "broken", "end",
           # A task's first and last step (a replay's observer, `observe.py`): they make its lane.
           "task-start", "task-end"}


@dataclass(frozen=True)
class Category:
    """One legend entry: a state of a kind of object, its label and colour."""

    key: str
    label: str
    color: str
    order: int


# Colours: blue family = holding, warm = waiting, grey = running / own work.
CATEGORIES: dict[str, Category] = {c.key: c for c in (
    Category("running", "running (not blocked)", "#d0d7de", 0),
    Category("busy", "working (marked by the scenario)", "#8c959f", 1),
    Category("update", "update: a read of shared state to the write after it", "#1b7c83", 1),
    Category("update:overlap", "update while another task's was under way (a lost update)", "#cf222e", 1),
    Category("hold:lock", "lock held", "#0969da", 2),
    Category("hold:semaphore", "permit held", "#1a7f37", 3),
    Category("hold:read", "read lock held", "#54aeff", 4),
    Category("hold:write", "write lock held", "#0550ae", 4),
    Category("hold:pool", "resource checked out", "#1a7f37", 4),
    Category("hold:condition", "condition's lock held", "#0969da", 4),
    Category("hold:other", "held", "#54aeff", 4),
    Category("in:set", "in a shared set (from its add to its discard)", "#4ac26b", 4),
    Category("wait:lock", "waiting for a lock", "#fb8f44", 5),
    Category("wait:semaphore", "waiting for a permit", "#d4a72c", 6),
    Category("wait:event", "waiting on an event", "#bf3989", 7),
    Category("wait:condition", "waiting on a condition", "#8250df", 8),
    Category("wait:barrier", "waiting at a barrier", "#a475f9", 9),
    Category("wait:read", "waiting for the read lock", "#fb8f44", 9),
    Category("wait:write", "waiting for the write lock", "#cf222e", 9),
    Category("wait:token", "waiting for a token", "#d4a72c", 9),
    Category("wait:pool", "waiting for a resource", "#d4a72c", 9),
    Category("wait:other", "waiting", "#e16f24", 10),
    Category("full:queue", "blocked in put(): queue full", "#cf222e", 11),
    Category("empty:queue", "waiting in get(): queue empty", "#9a6700", 12),
)}


@dataclass(frozen=True)
class Lane:
    """One task's row."""

    index: int
    task: str
    start: float
    end: float


@dataclass(frozen=True)
class TimelineSpan:
    """An interval of one task in one category, with the text its hover shows."""

    lane: int
    task: str
    obj: str
    category: str
    start: float
    end: float
    title: str
    open_at_end: bool = False

    @property
    def duration(self) -> float:
        return self.end - self.start


@dataclass(frozen=True)
class Mark:
    """An instant event: where it happened and what it was."""

    lane: int
    time: float
    seq: int
    kind: str
    obj: str
    title: str


@dataclass
class TimelineModel:
    """Everything a timeline shows, in virtual seconds."""

    lanes: list[Lane] = field(default_factory=list)
    spans: list[TimelineSpan] = field(default_factory=list)
    marks: list[Mark] = field(default_factory=list)
    legend: list[Category] = field(default_factory=list)
    start: float = 0.0
    end: float = 0.0
    kinds: dict[str, str] = field(default_factory=dict)
    events: list[TraceEvent] = field(default_factory=list)

    def spans_of(self, task: str | None = None, category: str | None = None,
                 obj: str | None = None) -> list[TimelineSpan]:
        """Spans matching every filter given."""
        return [s for s in self.spans if (task is None or s.task == task)
                and (category is None or s.category == category) and (obj is None or s.obj == obj)]

    @property
    def tasks(self) -> list[str]:
        return [lane.task for lane in self.lanes]

    def summary(self) -> str:
        """A few lines of plain text: what the picture shows (the text/plain fallback)."""
        lines = [f"Timeline of {len(self.lanes)} task(s) over t={self.start:.4f}..{self.end:.4f} s "
                 f"({len(self.events)} events)"]
        for lane in self.lanes:
            parts = []
            for key in (c.key for c in self.legend if c.key != "running"):
                total = sum(s.duration for s in self.spans_of(lane.task, key))
                if total > 0 or self.spans_of(lane.task, key):
                    parts.append(f"{CATEGORIES[key].label} {total:.4f} s")
            lines.append(f"  {lane.task}: " + (", ".join(parts) if parts else "never blocked"))
        return "\n".join(lines)


def infer_kinds(events: Iterable[TraceEvent]) -> dict[str, str]:
    """Guess each object's primitive kind from the events it received."""
    seen: dict[str, set[str]] = {}
    peak: dict[str, int] = {}
    for e in events:
        seen.setdefault(e.obj, set()).add(e.kind)
        if e.kind == "acquire":
            peak[e.obj] = max(peak.get(e.obj, 0), e.level)
    kinds = {}
    for obj, k in seen.items():
        if k & {"put", "get", "wait-put", "wait-get", "task-done"}:
            kinds[obj] = "queue"
        elif k & {"arrive", "abort"}:
            kinds[obj] = "barrier"
        elif "notify" in k:
            kinds[obj] = "condition"
        elif k & {"set", "clear"} or ("passed" in k and "acquire" not in k):
            kinds[obj] = "event"
        elif "acquire" in k:
            kinds[obj] = "semaphore" if peak.get(obj, 0) > 1 else "lock"
        elif "wait" in k and "woken" in k:
            kinds[obj] = "condition"
        elif k & {"add", "discard"}:
            kinds[obj] = "set"
        else:
            kinds[obj] = "other"
    return kinds


def _category(state: str, kind: str) -> str:
    if state == "busy":
        return "busy"
    if state in ("full", "empty"):
        return f"{state}:queue"
    key = f"{state}:{kind}"
    return key if key in CATEGORIES else f"{state}:other"


def _span_title(task: str, obj: str, category: str, start: float, end: float,
                label: str | None, open_at_end: bool) -> str:
    what = label or f"{CATEGORIES[category].label} ({obj})"
    tail = ", still so when the trace ends" if open_at_end else ""
    return f"{task}: {what}, t={start:.4f} to {end:.4f} s ({(end - start) * 1000:.1f} ms{tail})"


# A shared list's events (`sim.shared_list`), whose detail is `(index, value)` (the failing ones': the
# index), said in words: "(0, 7)" alone does not say it is counter[0] holding 7.
_ACCESSES = {"read": "read", "write": "write", "unguarded-write": "write", "failing-read": "read",
             "failing-write": "write"}


# The shared lists of the course are counters (P01): the update a write makes is the value read plus
# one. A write whose value matches no read's plus one gets its widest window (see `Trace.windows`).
def _increment(value):
    return value + 1


def describe(event: TraceEvent) -> str:
    """What `event` did, in words: "read counter[0] = 7" for a shared list's access, else
    "<kind> '<object>' <detail>"."""
    said = _ACCESSES.get(event.kind)
    detail = event.detail
    if said is not None and type(detail) is tuple and len(detail) == 2:
        index, value = detail
        tail = " without holding the lock that guards it" if event.kind == "unguarded-write" else ""
        return f"{said} {event.obj}[{index!r}] = {value!r}{tail}"
    if said is not None and event.kind.startswith("failing-"):
        where = f"[{detail!r}]" if detail is not None else ""
        return f"{said} {event.obj}{where} failed (a simulated storage failure)"
    return f"{event.kind} {event.obj!r}" + (f" {detail!r}" if detail is not None else "")


def event_line(event: TraceEvent) -> str:
    """One line for an event list: `str(event)`, with a shared list's accesses in words."""
    if event.kind in _ACCESSES:
        return f"t={event.time:.6f}s {event.task}: {describe(event)}"
    return str(event)


def updates(trace: Trace | Iterable[TraceEvent]) -> list[tuple[TraceEvent, TraceEvent, list[str]]]:
    """Every update of a shared list: (read, write, tasks whose own update of that list overlapped it).

    The (read, write) pairs are `Trace.windows(obj, computed=value + 1)`'s, as P01's checks pair
    them, for each object that was both read and written with `(index, value)` details. Two updates
    overlap when each one's read came before the other's write (by sequence number: one virtual
    instant holds many events); in `write` order per object.
    """
    events = list(trace.events if isinstance(trace, Trace) else trace)
    shared = {e.obj for e in events if e.kind == "write" and type(e.detail) is tuple}
    shared &= {e.obj for e in events if e.kind == "read" and type(e.detail) is tuple}
    if not shared:
        return []
    if not isinstance(trace, Trace):
        trace = Trace(lambda: 0.0)  # (only its questions are asked: nothing records into it)
        trace.events = events
    found = []
    for obj in sorted(shared):
        pairs = trace.windows(obj, computed=_increment)
        for read, write in pairs:
            others = [w.task for r, w in pairs if w.task != write.task and r.seq < write.seq and read.seq < w.seq]
            found.append((read, write, list(dict.fromkeys(others))))
    return found


def _update_title(read: TraceEvent, write: TraceEvent, others: list[str]) -> str:
    whose = "" if read.task == write.task else f" ({read.task}'s)"
    said = f"update: {describe(read)}{whose}, then {describe(write)}"
    if others:
        said += (f"; an update of {write.obj} by {' and '.join(others)} was under way at the same time: "
                 "one of the writes overwrites the other's (a lost update)")
    return said


def build(trace: Trace | Iterable[TraceEvent], *, kinds: dict[str, str] | None = None,
          tasks: list[str] | None = None) -> TimelineModel:
    """Build the timeline model of `trace` (a Trace, or its events).

    `kinds` names objects' primitive kinds ("lock", "semaphore", "event",
    "condition", "queue", "barrier") where inference would guess wrong;
    `tasks` fixes which lanes to show and their order (default: every task
    that appears, in order of appearance).
    """
    events = list(trace.events if isinstance(trace, Trace) else trace)
    resolved = infer_kinds(events)
    resolved.update(kinds or {})
    order = tasks if tasks is not None else list(dict.fromkeys(e.task for e in events))
    lane_of = {task: i for i, task in enumerate(order)}
    end_of_trace = events[-1].time if events else 0.0
    start_of_trace = min((e.time for e in events), default=0.0)

    first: dict[str, float] = {}
    last: dict[str, float] = {}
    open_: dict[tuple[str, str, str], tuple[float, str | None]] = {}
    spans: list[TimelineSpan] = []
    marks: list[Mark] = []

    def close(task: str, obj: str, state: str, at: float, is_open: bool = False) -> None:
        start, label = open_.pop((task, obj, state))
        category = _category(state, resolved.get(obj, "other"))
        spans.append(TimelineSpan(lane_of[task], task, obj, category, start, at,
                                  _span_title(task, obj, category, start, at, label, is_open), is_open))

    for e in events:
        if e.task not in lane_of:
            continue
        first.setdefault(e.task, e.time)
        last[e.task] = e.time
        closed = False
        for state, closers in _CLOSERS.items():
            if e.kind in closers and (e.task, e.obj, state) in open_:
                close(e.task, e.obj, state, e.time)
                closed = True
        opener = _OPENERS.get(e.kind)
        if opener is not None:
            label = e.detail if e.kind == "begin" and isinstance(e.detail, str) else None
            if e.kind == "add":
                label = f"{e.detail!r} in {e.obj}, from its add to its discard"
            open_.setdefault((e.task, e.obj, opener[0]), (e.time, label))
        elif not (closed or e.kind in _SILENT):
            marks.append(Mark(lane_of[e.task], e.time, e.seq, e.kind, e.obj,
                              f"t={e.time:.4f} s {e.task}: {describe(e)}"))
    for task, obj, state in list(open_):
        close(task, obj, state, end_of_trace, is_open=True)
    for read, write, others in updates(events):
        if write.task in lane_of:
            category = "update:overlap" if others else "update"
            title = _span_title(write.task, write.obj, category, read.time, write.time,
                                _update_title(read, write, others), False)
            spans.append(TimelineSpan(lane_of[write.task], write.task, write.obj, category, read.time,
                                      write.time, title))

    lanes = [Lane(lane_of[t], t, first.get(t, start_of_trace), last.get(t, start_of_trace)) for t in order]
    for lane in lanes:
        if lane.task in first:
            spans.append(TimelineSpan(lane.index, lane.task, "", "running", lane.start, lane.end,
                                      f"{lane.task} ran from t={lane.start:.4f} to {lane.end:.4f} s "
                                      "(first to last event)"))
    spans.sort(key=lambda s: (s.category != "running", s.start, s.lane))
    used = {s.category for s in spans}
    # By rank, then as CATEGORIES lists them: `used` is a set, whose order changes with each
    # process's hash seed (the legend of one run differed between two kernels).
    legend = sorted((c for k, c in CATEGORIES.items() if k in used), key=lambda c: c.order)
    return TimelineModel(lanes, spans, marks, legend, start_of_trace, end_of_trace, resolved, events)
