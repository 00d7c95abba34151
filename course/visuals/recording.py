"""Run a scenario on the harness and keep its simulation, even when it fails.

`course.testing.run` returns the scenario's result or raises a `CheckFailed`;
either way the `Simulation` (and so its trace) stays inside the harness. A
picture needs that trace, of passing and of failing runs alike, so
`record` wraps the scenario to hand its `sim` out. Everything else is the
harness's own: virtual time, a worker thread, the CPU/wall guard, deadlock
detection, captured output. Nothing here can hang the kernel.
"""

from __future__ import annotations

import functools
import inspect
from dataclasses import dataclass, field
from typing import Any

from course.testing import CheckFailed, Simulation, Trace, run

from .observe import Observer


@dataclass
class Recording:
    """One run of a scenario: its result or failure, and the simulation it ran in."""

    result: Any
    failure: CheckFailed | None
    sim: Simulation | None
    seed: int | None
    #: Primitive kinds of the plain asyncio objects an observed run watched (name -> kind).
    kinds: dict[str, str] = field(default_factory=dict)
    #: The name of the task the scenario itself ran in (its lane), where an observed run saw it.
    scenario_task: str | None = None

    @property
    def trace(self) -> Trace | None:
        return self.sim.trace if self.sim is not None else None

    @property
    def passed(self) -> bool:
        return self.failure is None


def record(scenario, *, seed: int | None = None, observe: bool = False, **limits: Any) -> Recording:
    """Run `scenario(sim)` once with `course.testing.run`, keeping its `sim`.

    Returns a `Recording` instead of raising when a check fails (its
    `failure` is the `CheckFailed` the check would have raised). `limits`
    are `course.testing.Limits` fields (max_time, max_steps, cpu_limit ...).
    `observe=True` also traces plain asyncio primitives and every task's
    lane (see `observe.py`): what a replay draws.
    """
    if not inspect.iscoroutinefunction(scenario):
        raise TypeError(f"a scenario is an `async def` function taking `sim`; got {scenario!r}")
    box: list[Simulation] = []
    watching: list[Observer] = []

    @functools.wraps(scenario)
    async def keeping_sim(sim):
        box.append(sim)
        if observe:
            observer = Observer(sim)
            watching.append(observer)
            observer.install()
        return await scenario(sim)

    def kinds() -> dict[str, str]:
        return dict(watching[0].kinds) if watching else {}

    def scenario_task() -> str | None:
        main = watching[0].main if watching else None
        return main.get_name() if main is not None else None

    try:
        result = run(keeping_sim, seed=seed, **limits)
    except CheckFailed as failure:
        return Recording(None, failure, box[0] if box else None, seed, kinds(), scenario_task())
    return Recording(result, None, box[0] if box else None, seed, kinds(), scenario_task())
