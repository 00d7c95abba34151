"""A solution's random draws in a check process repeat in every grading, and in each trial of a
sweep as in its uncut run (course.testing._entropy), in real check processes."""

from __future__ import annotations

import re

from course.tests.test_cancellation import _errors_in_a_check_process

# A test cell that shows what a solution drew in each of two runs (seeds 0 and 1), in its failure.
_SHOW_DRAWS = '''### BEGIN HIDDEN TESTS
from course.testing import explore, require

_seen = []


async def shown(sim):
    """what the solution drew"""
    _seen.append(draws())
    require(len(_seen) < 2, "two runs", lambda: f"drew {_seen!r}")


explore(shown, seeds=2)
### END HIDDEN TESTS'''

# Draws a solution makes with no seed of its own: a generator made at load, the random module's,
# generators made in a run, one seeded again, the module seeded again, the operating system's.
_DRAWING = """import os
import random
import secrets

_made_at_load = random.Random()


def draws():
    again = random.Random(1)
    again.seed()
    first = (_made_at_load.random(), random.random(), random.Random().random(), random.Random().random(),
             again.random())
    random.seed()
    return first + (random.random(), random.SystemRandom().random(), int.from_bytes(os.urandom(6)) / 2**48,
                    secrets.randbelow(10**9) / 10**9)
"""


def _drawn(error: str) -> list[tuple[float, ...]]:
    return [tuple(map(float, run.split(", "))) for run in re.findall(r"\(([-0-9.e, ]+)\)", error)]


def test_a_solutions_unseeded_draws_repeat_in_every_check_process():
    """Two check processes (two gradings) of the same solution draw the same numbers, run by run,
    where a generator made or seeded again without a seed would draw from the operating system
    and the operating system's draws (`os.urandom`, `random.SystemRandom`, `secrets`) likewise
    (red-team pass 89: a correct P10 queue waking a getter picked by its own `random.Random()` scored
    20, 20 and 16 of 20 in three gradings; pass 90: a P07 worker pausing for SystemRandom draws lost
    5 points in every grading); the runs of two seeds draw apart, and so do two generators made one
    after the other."""
    (first,), (second,) = (_errors_in_a_check_process(_SHOW_DRAWS, {"drawing": _DRAWING})["drawing"] for _ in "ab")
    runs = _drawn(first)
    assert len(runs) == 2 and all(len(run) == 9 for run in runs), first
    assert runs == _drawn(second), (first, second)
    zero, one = runs
    assert zero[0] != one[0]  # (the generator made at load draws on from run to run)
    assert all(a != b for a, b in zip(zero[1:], one[1:])), runs  # (each run draws from its own seed)
    assert len(set(zero)) == len(zero), zero


# A sweep that notes what its target drew in each trial, before its first suspension.
_SWEEP_DRAWS = '''### BEGIN HIDDEN TESTS
from course.testing import every_suspension, explore, require


async def alike(sim):
    """a drawer cut at each suspension"""
    drawn.clear()

    async def trial(cut):
        task = cut.target(sim.spawn(drawer(), name="drawer"))
        await asyncio.gather(task, return_exceptions=True)

    tried = await every_suspension(sim, trial)
    require(tried == 2 and len(drawn) >= 4 and len(set(drawn)) == 1, "each trial draws alike",
            lambda: f"{tried} points tried; drew {drawn!r}")


explore(alike, seeds=2)
### END HIDDEN TESTS'''


def test_each_trial_of_a_sweep_draws_what_its_uncut_run_drew():
    """In a check process a generator a solution makes without a seed in each trial of a sweep (a
    worker's own `random.Random()` for its pauses, say), and the random module's, draw in each
    trial what they drew in the uncut run, and so do the operating system's draws (red-team pass 89: a P07 worker drawing its pauses from a
    generator made at each call paused otherwise in each trial, and lost p07_test_broken)."""
    verdicts = _errors_in_a_check_process(_SWEEP_DRAWS, {"drawer": """import random

drawn = []


async def drawer():
    drawn.append((random.Random().random(), random.random(), random.SystemRandom().random()))
    await asyncio.sleep(0.01)
    await asyncio.sleep(0.01)
"""})
    assert verdicts == {"drawer": []}
