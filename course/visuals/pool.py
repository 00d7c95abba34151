"""P11 experiment: pool size and resource lifetime.

`pool_experiment(HealthyPool, Resource)` runs `workers` tasks that each use a
resource `jobs` times (`async with pool.resource() as r:` for `USE_SECONDS`,
then a short pause) through `HealthyPool(size, factory)`, on virtual time.

The lifetime knob: the pool gets resources of a subclass of the given
`Resource` (made with `Resource(resource_id)`) whose `check_health()` is
True for `lifetime_ms` after creation, so the knob alone decides when a
resource expires; `close()` still calls the original. With `Resource=None`
a minimal resource class is used.

It shows the total time and how many resources the pool created and closed,
for every pool size from 1 to 6 and every lifetime, how many were out at
once (never above the size), whether an unhealthy resource was ever handed
out, and the timeline: workers waiting for a resource, holding one, with a
mark where the pool created or closed one.
"""

from __future__ import annotations

import asyncio

import ipywidgets as widgets

from .charts import Series, chart
from .experiment import Experiment, Outcome, raise_failure, require_class
from .recording import Recording, record

USE_SECONDS = 0.03
PAUSE_SECONDS = 0.005
SIZES = list(range(1, 7))
LIFETIMES_MS = [10, 25, 50, 100, 200, 500, 1000]


class PlainResource:
    """What a pool resource needs: an id, `check_health()` and `close()`."""

    def __init__(self, resource_id: int) -> None:
        self.id = resource_id
        self.closed = False

    def check_health(self) -> bool:
        return not self.closed

    def close(self) -> None:
        self.closed = True


def aging(Resource, lifetime: float, sim):
    """A subclass of `Resource` that is healthy for `lifetime` virtual seconds and traces its life."""
    base = Resource if Resource is not None else PlainResource

    class Aging(base):
        def __init__(self, resource_id: int) -> None:
            super().__init__(resource_id)
            self._experiment_born = sim.now()
            self._experiment_id = resource_id
            self._experiment_closed = False
            sim.trace.record("resources", "create", resource_id)

        def check_health(self) -> bool:
            return not self._experiment_closed and sim.now() - self._experiment_born < lifetime

        def close(self) -> None:
            self._experiment_closed = True
            sim.trace.record("resources", "close", self._experiment_id)
            parent = getattr(super(), "close", None)
            if parent is not None:
                parent()

    Aging.__name__ = Aging.__qualname__ = f"{base.__name__}"
    return Aging


def run_pool(HealthyPool, Resource, size: int, lifetime_ms: int, workers: int, jobs: int) -> Recording:
    """One run; the result is a dict of figures."""

    async def workers_share_a_pool(sim):
        """workers use resources from HealthyPool (the P11 experiment)"""
        factory = aging(Resource, lifetime_ms / 1000, sim)
        pool = HealthyPool(size, factory)
        stale: list[str] = []

        async def worker(i: int) -> None:
            for job in range(jobs):
                sim.trace.record("pool", "wait")
                async with pool.resource() as resource:
                    sim.trace.record("pool", "acquire", getattr(resource, "_experiment_id", None))
                    if not resource.check_health():
                        stale.append(f"worker-{i} got an unhealthy resource at t={sim.now():.4f} s")
                        sim.trace.record("resources", "unhealthy-handed-out")
                    await asyncio.sleep(USE_SECONDS)
                    sim.trace.record("pool", "release")
                await asyncio.sleep(PAUSE_SECONDS)

        await asyncio.gather(*(sim.spawn(worker(i), name=f"worker-{i}") for i in range(workers)))
        trace = sim.trace
        return {"finished": sim.now(), "peak_out": trace.peak("pool"), "created": trace.count("resources", "create"),
                "closed": trace.count("resources", "close"), "unhealthy_handed_out": stale}

    return record(workers_share_a_pool, max_time=600.0)


def pool_experiment(HealthyPool, Resource=None, *, size: int = 3, lifetime_ms: int = 100,
                    workers: int = 6, jobs: int = 3) -> Experiment:
    """Knobs: the pool's `size` and the resources' lifetime (ms)."""
    cache: dict[tuple[int, int], Recording] = {}

    def get(s: int, life: int) -> Recording:
        if (s, life) not in cache:
            cache[(s, life)] = raise_failure(run_pool(HealthyPool, Resource, s, life, workers, jobs))
        return cache[(s, life)]

    def measure(size: int, lifetime_ms: int) -> Outcome:
        require_class(HealthyPool, "HealthyPool", ("checkout", "checkin"))
        got = get(size, lifetime_ms).result
        lines = [
            f"{workers} workers x {jobs} jobs of {USE_SECONDS * 1000:.0f} ms, pool of {size}, resources live "
            f"{lifetime_ms} ms: done at t={got['finished'] * 1000:.0f} ms; at most {got['peak_out']} out at once"
            + (" (never above the size)." if got["peak_out"] <= size else f": MORE THAN THE SIZE {size}!"),
            f"The pool created {got['created']} resource(s) and closed {got['closed']} expired one(s)"
            + ("; it never handed out an unhealthy one." if not got["unhealthy_handed_out"]
               else f"; UNHEALTHY HANDED OUT: {got['unhealthy_handed_out'][0]}."),
        ]
        charts = [
            chart([Series("total time (ms)", [(s, get(s, lifetime_ms).result["finished"] * 1000) for s in SIZES],
                          markers=True)],
                  title="Total time vs pool size", x_label="pool size", y_label="ms", highlight_x=size),
            chart([Series("resources created", [(i, get(size, life).result["created"])
                                                for i, life in enumerate(LIFETIMES_MS)],
                          color="#1a7f37", markers=True,
                          hover=[f"lifetime {life} ms: {get(size, life).result['created']} created"
                                 for life in LIFETIMES_MS])],
                  title="Resources created vs lifetime", x_label="resource lifetime (ms)", y_label="created",
                  highlight_x=LIFETIMES_MS.index(lifetime_ms),
                  x_ticks=[(i, str(life)) for i, life in enumerate(LIFETIMES_MS)]),
        ]
        return Outcome(dict(got), lines, charts, get(size, lifetime_ms), {"pool": "pool", "resources": "other"},
                       f"pool of {size}, lifetime {lifetime_ms} ms: workers waiting for and using resources "
                       "(marks: create / close)")

    knobs = {
        "size": widgets.IntSlider(value=size, min=1, max=6, description="pool size", continuous_update=False),
        "lifetime_ms": widgets.SelectionSlider(options=LIFETIMES_MS, value=lifetime_ms, description="lifetime (ms)",
                                               continuous_update=False),
    }
    return Experiment("P11 · pool size and resource lifetime", knobs, measure,
                      intro="A bigger pool finishes sooner; a shorter lifetime makes the pool close and "
                            "replace resources more often, but never hand out an expired one.")
