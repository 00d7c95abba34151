"""Failure pictures: draw the schedule a check failed on, in one line.

A failed check says which schedule seed showed the failure (`Schedule seed:
17`). Replaying that seed runs the very same interleaving again (same seed,
same virtual times), so its trace is the failing run's trace::

    course.visuals.replay(never_two_holders, seed=17)

draws it: every task's lane, who held and who waited for what (plain
asyncio primitives as well as the harness's traced ones: see `observe.py`),
and the failure message above the picture. An update of a shared list (P01's counter)
is a bar from the read to the write; two tasks' bars that overlap are a lost update.
The scenario's own lane is left out where all it did was read shared state (a check
looking at the result). The scenario is the `async def ...(sim)`
function of the check (visible checks define it in their cell; for a hidden
check, copy its cell's code from the feedback into a scratch cell).
"""

from __future__ import annotations

from typing import Any

from course.testing import TraceEvent

from .lanes import updates
from .recording import record
from .timeline import Timeline

# What a lane that only looked at shared state holds (its task's first and last step, its reads).
_READING = frozenset({"task-start", "task-end", "read"})


def _only_read(events: list[TraceEvent], task: str | None) -> list[str]:
    """The objects `task` read, if reading them is all it did (and it read some); else []."""
    own = [e for e in events if e.task == task]
    if not own or any(e.kind not in _READING for e in own):
        return []
    return list(dict.fromkeys(e.obj for e in own if e.kind == "read"))


def _overlaps(events: list[TraceEvent]) -> str:
    """A sentence on the updates that overlapped another task's, per shared list ("" if none)."""
    said, found = [], updates(events)
    for obj in dict.fromkeys(write.obj for _read, write, _others in found):
        mine = [others for _read, write, others in found if write.obj == obj]
        lost = sum(1 for others in mine if others)
        if lost:
            said.append(f" {lost} of the {len(mine)} updates of {obj} overlapped another task's update of it "
                        f"(red bars, read to write): where two overlap, one write overwrites the other's.")
    return "".join(said)


def replay(scenario, seed: int | None = None, **limits: Any) -> Timeline:
    """Run `scenario` once under schedule `seed` and return the timeline of that run.

    The failure, if the run fails, is the timeline's caption (the widget
    does not raise, so the picture always shows); `timeline.failure` holds it.
    """
    recording = record(scenario, seed=seed, observe=True, **limits)
    name = getattr(scenario, "__name__", "scenario")
    where = f"seed {seed}" if seed is not None else "asyncio's own order (no seed)"
    if recording.failure is not None:
        head, *_ = str(recording.failure).splitlines() or [""]
        caption = f"{name}, schedule {where}: FAILED. {head}"
    else:
        caption = f"{name}, schedule {where}: passed."
    events = list(recording.trace) if recording.trace is not None else []
    if not any(e.obj for e in events):
        caption += " (No task waited for or held a lock, semaphore, event, condition, queue or barrier in this run.)"
    overlaps = _overlaps(events)
    if overlaps and not caption.rstrip(")").endswith("."):
        # (the failure's head ends with what was seen: "the counter ended at 10", or with a
        # parenthesis of its own, "... (updates lost)"; a note of ours ends ".)")
        caption += "."
    caption += overlaps
    lanes = list(dict.fromkeys(e.task for e in events))
    read = _only_read(events, recording.scenario_task)
    if read and len(lanes) > 1:
        # The check's own look at the result (`counter[0] == 30`) is no part of the schedule it judges.
        lanes.remove(recording.scenario_task)
        caption += (f" (Not drawn: the lane of the check itself, {recording.scenario_task}, which only read "
                    f"{', '.join(read)} to look at the result.)")
    view = Timeline(events, title=f"{name} · {where}", caption=caption, kinds=recording.kinds, tasks=lanes)
    view.failure = recording.failure
    view.recording = recording
    return view
