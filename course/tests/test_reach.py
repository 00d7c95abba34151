"""Nothing a solution reaches without frame objects or `gc` leads to what the checks keep to
themselves: the run's ledger, the guard and its functions, the report channel's writer, the
runner's watchdog state (a run's bounds).

The walk (probes/reach.py) runs as a problem's solution in a real sandboxed check process, from
inside a test's run, given what the test gives a solution (a traced list and lock, a barrier,
a function to call, a resource factory): the loop, the tasks, the threads, every module and
class (with their subclasses), and everything reached from them by attributes, closure cells,
defaults, globals, bound selves, containers and weak references. Red-team pass 45 found the
run's ledger that way (the watchdog thread's arguments held a lambda over it; see
test_closures.py), and the walk then found the watchdog's own state."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from .checked import check, with_solution

WALK = (Path(__file__).parent / "probes" / "reach.py").read_text()

pytestmark = pytest.mark.slow

# Each problem's names, reporting what the test hands them (the problems whose tests hand a
# solution the most of the checks' own objects).
STUBS = {
    ("1_easy", "p01"): "async def increment(counter, lock, n):\n    _report(counter, lock, n)\n",
    ("2_medium", "p07"): "async def worker(worker_id, barrier, rounds=1):\n    _report(worker_id, barrier, rounds)\n",
    ("3_hard", "p08"): ("class CircuitOpenError(RuntimeError):\n    pass\n\n\nclass CircuitBreaker:\n"
                        "    def __init__(self, threshold=3, timeout=0.1):\n        pass\n\n"
                        "    def state(self):\n        return 'closed'\n\n"
                        "    async def call(self, fn, *args):\n        _report(fn, args)\n"),
    ("3_hard", "p11"): ("class HealthyPool:\n    def __init__(self, size, factory):\n        self.factory = factory\n\n"
                        "    async def checkout(self):\n        _report(self.factory)\n\n"
                        "    async def checkin(self, resource):\n        pass\n"),
}


@pytest.mark.parametrize("notebook, problem", list(STUBS), ids=[p for _, p in STUBS])
def test_a_solution_walking_all_it_reaches_finds_nothing_of_the_checks(notebook, problem):
    checked = check(with_solution(notebook, problem, WALK + "\n\n" + STUBS[notebook, problem]), problem, 240.0)
    said = [o.get("evalue", "") for errors in checked.errors().values() for o in errors]
    walks = [re.search(r"walked (\d+) objects; found: ([^()'\"\n]*)", text) for text in said]
    walks = [walk for walk in walks if walk]
    assert walks, said
    for walk in walks:
        # The walk went far (every module's namespace and every class's: over 20,000 objects
        # here)...
        assert int(walk.group(1)) > 10_000, walk.group(0)
        # ...and found nothing of the checks' own.
        assert walk.group(2).strip() == "nothing", walk.group(0)


def test_a_cut_timer_that_raises_hands_the_exception_handler_no_ledger():
    """Red-team pass 84: a sweep's cut, due on a timer, cancels a task that awaits a future whose
    cancel() raises; the loop hands the timer's handle to its exception handler, a solution's to
    set, and the timer's arguments held the run's ledger. They hold a one-time token now."""
    probe = (Path(__file__).parent / "probes" / "cut_timer_args.py").read_text()
    checked = check(with_solution("1_easy", "p02", probe), "p02", 240.0)
    said = " ".join(str(o.get("evalue", "")) + str(o.get("text", "")) for outputs in checked.outputs.values()
                    for o in outputs)
    found = set(re.findall(r"PROBE: the cut's timer was seen; the ledger in its arguments: (True|False)", said))
    assert found == {"False"}, said[:3000]  # (seen: the probe reached the handle; no ledger in it)


def test_a_sweep_runs_no_code_of_a_solution_when_it_begins():
    """Red-team pass 85: a sweep looks for the process's random generators by each type's MRO, and
    `_random.Random in mro` asked a solution class's metaclass `__eq__`, at the sweep's start: the
    solution learned that the next run was a sweep's first trial. Every P02 check then passes (the
    probe is a correct solution), and none saw the probe's note."""
    probe = (Path(__file__).parent / "probes" / "metaclass_eq.py").read_text()
    checked = check(with_solution("1_easy", "p02", probe), "p02", 240.0)
    said = " ".join(str(o.get("evalue", "")) for errors in checked.errors().values() for o in errors)
    assert "PROBE" not in said, said[:3000]
    assert not any(checked.errors().values()), said[:3000]
