"""Failure pictures: draw the schedule a check failed on, in one line.

A failed check says which schedule seed showed the failure (`Schedule seed:
17`). Replaying that seed runs the very same interleaving again (same seed,
same virtual times), so its trace is the failing run's trace::

    course.visuals.replay(never_two_holders, seed=17)

draws it: every task's lane, who held and who waited for what (plain
asyncio primitives as well as the harness's traced ones: see `observe.py`),
and the failure message above the picture. The scenario is the `async def ...(sim)`
function of the check (visible checks define it in their cell; for a hidden
check, copy its cell's code from the feedback into a scratch cell).
"""

from __future__ import annotations

from typing import Any

from .recording import record
from .timeline import Timeline


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
    view = Timeline(events, title=f"{name} · {where}", caption=caption, kinds=recording.kinds)
    view.failure = recording.failure
    view.recording = recording
    return view
