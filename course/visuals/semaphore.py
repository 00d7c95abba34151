"""P02 experiment: the semaphore's limit against total time and peak concurrency.

`semaphore_experiment(api_call)` runs the student's `api_call(task_id,
semaphore, active)` for `tasks` calls through a semaphore of `limit`
permits, on virtual time, and shows: when the last call finished (ideally
ceil(tasks / limit) x 10 ms), how many calls were in `active` at once
(ideally exactly the limit: bounded, but not serialized), both for every
limit from 1 to `tasks`, and the timeline of the chosen limit (permits held,
calls waiting for one).
"""

from __future__ import annotations

import asyncio
import math

import ipywidgets as widgets

from .charts import Series, chart
from .experiment import Experiment, Outcome, raise_failure, require_coroutine_function
from .recording import Recording, record

CALL_SECONDS = 0.01  # the simulated call in P02's statement


class WatchedSet(set):
    """The `active` set handed to api_call: it marks when each task id enters and leaves."""

    def __init__(self, trace) -> None:
        super().__init__()
        self._trace = trace
        self.peak = 0

    def add(self, item) -> None:
        super().add(item)
        self.peak = max(self.peak, len(self))
        self._trace.record("active", "begin", f"in `active` (call {item!r})")

    def discard(self, item) -> None:
        if item in self:
            self._trace.record("active", "end", item)
        super().discard(item)

    def remove(self, item) -> None:
        super().remove(item)
        self._trace.record("active", "end", item)


def run_calls(api_call, tasks: int, limit: int) -> Recording:
    """One run: `tasks` calls through a semaphore of `limit`; returns (finish time, peak)."""

    async def calls_through_a_semaphore(sim):
        """api_call's calls run through a semaphore (the P02 experiment)"""
        semaphore = sim.semaphore(limit, "semaphore")
        active = WatchedSet(sim.trace)
        calls = [sim.spawn(api_call(i, semaphore, active), name=f"call-{i}") for i in range(tasks)]
        await asyncio.gather(*calls)
        return sim.now(), active.peak, len(active)

    return record(calls_through_a_semaphore, max_time=60.0)


def semaphore_experiment(api_call, *, tasks: int = 10, limit: int = 3) -> Experiment:
    """Knobs: the semaphore's `limit` and the number of `tasks` calling `api_call` at once."""
    cache: dict[tuple[int, int], Recording] = {}

    def measure(limit: int, tasks: int) -> Outcome:
        require_coroutine_function(api_call, "api_call")
        limits = list(range(1, max(tasks, limit) + 1))
        for n in limits:
            if (tasks, n) not in cache:
                cache[(tasks, n)] = raise_failure(run_calls(api_call, tasks, n))
        chosen = cache[(tasks, limit)]
        took, peak, left = chosen.result
        ideal = math.ceil(tasks / limit) * CALL_SECONDS
        times = [cache[(tasks, n)].result[0] * 1000 for n in limits]
        peaks = [cache[(tasks, n)].result[1] for n in limits]
        lines = [
            f"{tasks} calls of 10 ms through a semaphore of {limit}: the last finished at "
            f"t={took * 1000:.1f} ms (ceil({tasks}/{limit}) x 10 ms = {ideal * 1000:.0f} ms).",
            f"At most {peak} call(s) were in `active` at once (the limit is {limit}"
            + ("; bounded, and not serialized)." if peak == min(limit, tasks) else
               ": more than allowed!)." if peak > limit else ": fewer than allowed, calls were serialized)."),
        ]
        if left:
            lines.append(f"`active` ended with {left} id(s) still in it: a call forgot to remove its id.")
        charts = [
            chart([Series("your api_call", list(zip(limits, times)), markers=True),
                   Series("ceil(tasks / limit) x 10 ms", [(n, math.ceil(tasks / n) * 10) for n in limits],
                          color="#8c959f", dashed=True)],
                  title="Total time (virtual ms)", x_label="limit", y_label="ms", highlight_x=limit),
            chart([Series("peak of `active`", list(zip(limits, peaks)), color="#1a7f37", markers=True),
                   Series("the limit", [(n, min(n, tasks)) for n in limits], color="#8c959f", dashed=True)],
                  title="Calls in flight at once", x_label="limit", y_label="calls", highlight_x=limit),
        ]
        figures = {"total_time": took, "peak": peak, "ideal_time": ideal, "left_active": left,
                   "times_ms": dict(zip(limits, times)), "peaks": dict(zip(limits, peaks))}
        return Outcome(figures, lines, charts, chosen, {"semaphore": "semaphore"},
                       f"{tasks} calls, limit {limit}: who holds a permit, who waits")

    knobs = {
        "limit": widgets.IntSlider(value=limit, min=1, max=12, description="limit", continuous_update=False),
        "tasks": widgets.IntSlider(value=tasks, min=1, max=20, description="tasks", continuous_update=False),
    }
    return Experiment("P02 · semaphore limit vs total time and peak concurrency", knobs, measure,
                      intro="Move the limit: a higher limit finishes sooner, but never lets more "
                            "than `limit` calls in at once.")
