"""course.visuals: see the concurrency. Timelines of traces, experiments with knobs.

Everything is drawn from the harness's traces (`course.testing`): student
code runs on virtual time in a worker thread, so a picture is exact and
reproducible, and a broken solution shows a message, never a hang.

- `timeline(sim_or_trace)` / `Timeline(trace)`: one lane per task over
  virtual time, with spans for holding a lock or permit, waiting for one,
  waiting on an event, condition or barrier, blocked on a full or empty
  queue; a legend; a tooltip names each shape; pick an event in the list to
  mark it. Its display also carries a static SVG copy, shown in exported
  HTML and nbgrader feedback, where widgets do not run.
- `replay(scenario, seed=17)`: the timeline of the schedule a check failed on,
  plain asyncio primitives and a student's own lock included (`observe`).
- Experiments (each takes the student's solution objects, reruns on every
  knob change): `semaphore_experiment(api_call)` (P02),
  `token_bucket_experiment(TokenBucket)` (P05),
  `queue_experiment(producer, consumer)` (P06),
  `rwlock_experiment(AsyncRWLock)` (P09, against `ReadersFirstRWLock`),
  `pool_experiment(HealthyPool, Resource)` (P11).

No plotting library: the SVG is hand-written (see `svg.py` for why).
One concept per module: `lanes` (trace -> model), `svg` and `charts`
(drawing), `timeline` (the widget), `recording` (runs that keep their
trace), `observe` (what a replayed run's tasks did, traced from outside),
`experiment` (knobs -> rerun -> redraw), `replay`, and one module per
experiment.
"""

from .experiment import Experiment, Outcome
from .lanes import TimelineModel, build
from .pool import pool_experiment
from .queue import queue_experiment
from .readers_first import ReadersFirstRWLock
from .recording import Recording, record
from .replay import replay
from .rwlock import rwlock_experiment
from .semaphore import semaphore_experiment
from .timeline import Timeline, timeline
from .token_bucket import token_bucket_experiment

__all__ = [
    "timeline", "Timeline", "TimelineModel", "build", "replay", "record", "Recording",
    "Experiment", "Outcome", "semaphore_experiment", "token_bucket_experiment", "queue_experiment",
    "rwlock_experiment", "pool_experiment", "ReadersFirstRWLock",
]
