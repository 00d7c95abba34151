"""`every_suspension` cancels a task at each of its suspension points in turn; `woken`,
`cancel_when_woken`, `notified_by_condition`, `waiting_on_condition` and
`wakeup_lost_by_condition` reach the moment a waiter has been handed what it waited for.
In the kernel's worker thread here, and in a real check process at the end."""

from __future__ import annotations

import asyncio
import re
import sys

import nbformat
import pytest

from course.grading.problem_checks import ProblemChecks, outputs_for, split_problems
from course.grading.sandbox import Sandbox
from course.testing import (CONDITION_LOSES_WAKEUPS, CheckFailed, InvariantBroken, cancel_when_woken, every_suspension, explore,
                            lost_wakeup_note, notified_by_condition, require, run, waiting_on_condition,
                            TooManySteps, wakeup_lost_by_condition, woken)


async def _three_suspensions(log: list) -> str:
    for step in range(3):
        log.append(step)
        await asyncio.sleep(0.001)
    return "done"


def test_the_sweep_runs_once_left_alone_then_once_per_suspension_point():
    async def scenario(sim):
        runs = []

        async def trial(cut):
            log = []
            task = cut.target(sim.spawn(_three_suspensions(log), name="victim"))
            await asyncio.gather(task, return_exceptions=True)
            runs.append((cut.k, str(cut), cut.counted, cut.fired, task.cancelled(), list(log)))

        tried = await every_suspension(sim, trial)
        return tried, runs

    tried, runs = run(scenario)
    assert tried == 3
    # Left alone first; then each point the uncancelled run reached, in an order drawn from the
    # seed (so a solution cannot tell which comes next); then one past them.
    assert runs[0] == (0, "not cancelled", None, False, False, [0, 1, 2])
    assert sorted(runs[1:4]) == [
        (1, "cancelled right after its 1st suspension", 3, True, True, [0]),
        (2, "cancelled right after its 2nd suspension", 3, True, True, [0, 1]),
        (3, "cancelled right after its 3rd suspension", 3, True, True, [0, 1, 2]),
    ]
    # The 4th run finds no 4th suspension: the task ends uncancelled, and the sweep stops.
    assert runs[4:] == [(4, "cancelled right after its 4th suspension", 3, False, False, [0, 1, 2])]


async def _update_in_child(log: list, lock: asyncio.Lock) -> None:
    async with lock:
        log.append("in")
        await asyncio.sleep(0.001)
        log.append("out")


async def _awaits_a_task(log, lock):
    for _ in range(2):
        await asyncio.create_task(_update_in_child(log, lock))


async def _awaits_a_gather(log, lock):
    for _ in range(2):
        await asyncio.gather(_update_in_child(log, lock))


async def _awaits_a_task_group(log, lock):
    async with asyncio.TaskGroup() as group:
        for _ in range(2):
            group.create_task(_update_in_child(log, lock))


@pytest.mark.parametrize("parent", [_awaits_a_task, _awaits_a_gather, _awaits_a_task_group])
def test_the_sweep_reaches_the_suspension_points_of_the_tasks_the_target_awaits(parent):
    """A target that hands its work to a task it awaits is cancelled while that task waits inside the
    work (asyncio passes the cancellation on), not only at its own `await`, where the task it just made
    has not run yet (before, every cut of `_awaits_a_task` came before an update had begun)."""
    async def scenario(sim):
        runs = []

        async def trial(cut):
            log, lock = [], asyncio.Lock()
            task = cut.target(sim.spawn(parent(log, lock), name="victim"))
            await asyncio.gather(task, return_exceptions=True)
            runs.append((cut.k, cut.fired, task.cancelled(), list(log), lock.locked()))

        return await every_suspension(sim, trial), runs

    tried, runs = run(scenario)
    assert runs[0][:4] == (0, False, False, ["in", "out", "in", "out"])
    cut_inside = [log for k, fired, cancelled, log, _ in runs[1:] if fired and cancelled and log[-1:] == ["in"]]
    assert cut_inside, runs  # some cut landed in an update, its task holding the lock and sleeping
    assert all(not locked for *_, locked in runs)  # and `async with` released it


def test_cancel_at_counts_the_points_of_an_awaited_task_and_reaches_it():
    """`sim.cancel_at(task, 1)` on a task that awaits a task it just made cancels it where that task
    first waits (here for a lock another task holds): the awaited task has begun and is cancelled too."""
    async def scenario(sim):
        log, lock = [], asyncio.Lock()
        await lock.acquire()
        waiting = []

        async def child():
            waiting.append("waits")
            await lock.acquire()
            lock.release()

        async def parent():
            await asyncio.create_task(child())

        task = sim.spawn(parent(), name="parent")
        sim.cancel_at(task, 1)
        await asyncio.sleep(0.01)
        outcome = (await asyncio.gather(task, return_exceptions=True))[0]
        lock.release()
        return waiting, type(outcome).__name__, sim.loop.suspensions(task)

    assert run(scenario) == (["waits"], "CancelledError", 1)


def test_a_bug_at_any_suspension_point_is_found_and_named():
    async def scenario(sim):
        async def trial(cut):
            held = []

            async def leaky():
                await asyncio.sleep(0.001)
                await asyncio.sleep(0.001)
                held.append("permit")
                await asyncio.sleep(0.001)  # cancelled here: the permit is never given back
                held.remove("permit")

            task = cut.target(sim.spawn(leaky(), name="victim"))
            await asyncio.gather(task, return_exceptions=True)
            require(not held, "a cancelled task gives its permit back", f"the victim, {cut}, kept it")

        await every_suspension(sim, trial)

    with pytest.raises(CheckFailed, match="the victim, cancelled right after its 3rd suspension, kept it"):
        explore(scenario, seeds=3)


def test_spare_ends_the_part_of_the_task_under_test():
    async def scenario(sim):
        runs = []

        async def trial(cut):
            async def enters_then_holds():
                await asyncio.sleep(0.001)  # waiting: covered
                await asyncio.sleep(0.001)  # waiting: covered
                cut.spare()  # in: what follows is not the sweep's business
                await asyncio.sleep(0.001)
                await asyncio.sleep(0.001)
                return "held and left"

            task = cut.target(sim.spawn(enters_then_holds(), name="victim"))
            await asyncio.gather(task, return_exceptions=True)
            runs.append((cut.k, cut.fired, "cancelled" if task.cancelled() else task.result()))

        await every_suspension(sim, trial)
        return runs

    assert run(scenario) == [(0, False, "held and left"), (1, True, "cancelled"), (2, True, "cancelled"),
                             (3, False, "held and left")]


def test_the_sweep_is_deterministic_for_a_seed_and_bounded_by_most():
    async def scenario(sim):
        seen = []

        async def trial(cut):
            async def many():
                for _ in range(100):
                    await asyncio.sleep(0)

            others = [sim.spawn(many(), name=f"other-{i}") for i in range(2)]
            task = cut.target(sim.spawn(many(), name="victim"))
            await asyncio.gather(task, *others, return_exceptions=True)
            seen.append((cut.k, cut.suspensions, sim.now()))

        tried = await every_suspension(sim, trial, most=120)
        return tried, seen

    first = run(scenario, seed=7)
    # The uncancelled run first, then each point it reached (in the seed's order), then one past it.
    ks = [k for k, _, _ in first[1]]
    assert first[0] == 100 and ks[0] == 0 and sorted(ks[1:101]) == list(range(1, 101)) and ks[101] == 101
    assert run(scenario, seed=7) == first


def test_a_target_that_suspends_past_the_sweeps_bound_fails_instead_of_passing_untried():
    async def scenario(sim):
        async def trial(cut):
            async def padded():
                for _ in range(6):
                    await asyncio.sleep(0)  # points the sweep spends itself on

            task = cut.target(sim.spawn(padded(), name="padded"))
            await asyncio.gather(task, return_exceptions=True)

        await every_suspension(sim, trial, most=5)

    with pytest.raises(InvariantBroken, match="suspended more than 5 times in one run"):
        run(scenario, seed=7)


def test_a_trial_must_be_a_coroutine_function_that_marks_its_target():
    async def not_marked(sim):
        async def trial(cut):
            await asyncio.sleep(0)

        await every_suspension(sim, trial)

    async def not_async(sim):
        await every_suspension(sim, lambda cut: None)

    with pytest.raises(CheckFailed, match="never called cut.target"):
        run(not_marked)
    with pytest.raises(CheckFailed, match="`async def` function taking a Cut"):
        run(not_async)


def test_woken_is_true_between_the_hand_over_and_the_next_step():
    async def scenario(sim):
        semaphore = asyncio.Semaphore(0)
        waiter = sim.spawn(semaphore.acquire(), name="waiter")
        await asyncio.sleep(0)
        before = woken(waiter)
        semaphore.release()  # hands the permit to the waiter, which has not run yet
        handed = woken(waiter)
        await waiter
        return before, handed, woken(waiter)

    assert run(scenario) == (False, True, False)


@pytest.mark.parametrize("wrapped", [False, True], ids=["acquire", "acquire-in-its-own-task"])
def test_cancel_when_woken_cancels_as_the_hand_over_happens(wrapped):
    """A permit handed to a waiter that is cancelled before it runs must not be lost: asyncio's
    Semaphore passes it on; a waiter that awaits a task of its own doing the acquire loses it,
    in the schedules where the cancellation comes before its wake-up."""
    async def scenario(sim):
        semaphore = asyncio.Semaphore(1)
        await semaphore.acquire()

        async def call():
            if wrapped:
                await asyncio.get_running_loop().create_task(semaphore.acquire())
            else:
                await semaphore.acquire()
            semaphore.release()

        victim, other = sim.spawn(call(), name="victim"), sim.spawn(call(), name="other")
        await asyncio.sleep(0.001)  # both wait (the victim first or second, by seed)
        armed = cancel_when_woken(victim)
        semaphore.release()
        _, stuck = await asyncio.wait([victim, other], timeout=1)
        for task in stuck:
            task.cancel()
        await asyncio.gather(victim, other, return_exceptions=True)
        return armed, victim.cancelled(), bool(stuck)

    outcomes = [run(scenario, seed=seed) for seed in range(16)]
    assert all(armed for armed, _, _ in outcomes)
    assert any(cancelled for _, cancelled, _ in outcomes)  # (a victim that ran first may finish first)
    leaked = [stuck for _, _, stuck in outcomes]
    if wrapped:
        assert any(leaked) and not all(leaked)  # both orders happen, by seed
    else:
        assert not any(leaked)


# How a solution may hand a waiter what it waits for (the future it awaits), and when: each wakes it
# (red-team pass 59 handed a turn over by cancelling the future, a callback or a microsecond late).
_HAND_OVERS = {
    "result": "def hand_over(loop, fut):\n    fut.set_result(None)\n",
    "exception": "def hand_over(loop, fut):\n    fut.set_exception(KeyError('turn'))\n",
    "cancelled future": "def hand_over(loop, fut):\n    fut.cancel()\n",
    "cancelled one callback late": "def hand_over(loop, fut):\n    loop.call_soon(fut.cancel)\n",
    "result a microsecond late": "def hand_over(loop, fut):\n    loop.call_later(1e-6, fut.set_result, None)\n",
}


async def _awaiting(fut):
    await fut


@pytest.mark.parametrize("how", sorted(_HAND_OVERS))
def test_cancel_when_woken_fires_however_the_waiter_is_woken(how):
    """In a kernel: armed on a waiter, the cancellation comes once its future completes, with a
    result, an exception or cancelled, whenever; the Arming says which task it cancelled."""
    namespace: dict = {}
    exec(_HAND_OVERS[how], namespace)
    hand_over = namespace["hand_over"]

    async def scenario(sim):
        loop = asyncio.get_running_loop()
        fut = loop.create_future()
        victim = sim.spawn(_awaiting(fut), name="victim")
        plain = sim.spawn(asyncio.sleep(1), name="plain")
        await asyncio.sleep(0.001)
        arming = cancel_when_woken(victim)
        before = arming.fired()
        hand_over(loop, fut)
        await asyncio.gather(victim, return_exceptions=True)
        plain.cancel()
        return bool(arming), before, arming.fired(), arming.woken == [victim], arming.cancelled == [victim]

    # (In a kernel its wake-up and the cancellation become ready together: the seed decides which runs first.)
    outcomes = [run(scenario, seed=seed) for seed in range(8)]
    assert all(outcome[:4] == (True, False, True, True) for outcome in outcomes)
    assert any(outcome[4] for outcome in outcomes)


def test_an_arming_that_finds_no_waiter_or_no_wake_up_has_not_fired():
    """A trial must know that its cancellation came: nothing armed (the task was not waiting on a
    future) is a false Arming; armed and never woken, `fired()` stays False."""
    async def scenario(sim):
        waiter = sim.spawn(_awaiting(asyncio.get_running_loop().create_future()), name="waiter")
        await asyncio.sleep(0.001)
        armed, runnable = cancel_when_woken(waiter), cancel_when_woken(sim.spawn(asyncio.sleep(0), name="new"))
        await asyncio.sleep(0.01)
        result = bool(armed), armed.fired(), bool(runnable), runnable.fired()
        waiter.cancel()
        await asyncio.gather(waiter, return_exceptions=True)
        return result

    assert run(scenario) == (True, False, False, False)


def test_cancel_when_woken_with_a_count_cancels_the_first_woken_only():
    """`count`: the first `count` of the tasks armed that are woken are cancelled, and no other."""
    async def scenario(sim):
        semaphore = asyncio.Semaphore(0)
        waiters = [sim.spawn(semaphore.acquire(), name=f"waiter-{i}") for i in range(4)]
        await asyncio.sleep(0.001)
        arming = cancel_when_woken(*waiters, count=2)
        for _ in range(4):
            semaphore.release()
        await asyncio.sleep(0.001)
        for task in waiters:
            if not task.done():
                task.cancel()
        await asyncio.gather(*waiters, return_exceptions=True)
        return arming.fired(), len(arming.woken), len(arming.cancelled)

    outcomes = [run(scenario, seed=seed) for seed in range(8)]
    assert all(outcome[:2] == (True, 2) and outcome[2] <= 2 for outcome in outcomes)
    assert any(outcome[2] == 2 for outcome in outcomes)


def _consumers(sim, pass_it_on: bool):
    condition, items = asyncio.Condition(), []

    async def get():
        async with condition:
            try:
                await condition.wait_for(lambda: items)
            except asyncio.CancelledError:
                if pass_it_on and items:
                    condition.notify()
                raise
            return items.pop()

    async def put(item):
        async with condition:
            items.append(item)
            condition.notify()

    return get, put, items


@pytest.mark.parametrize("pass_it_on", [False, True])
def test_a_lost_condition_wake_up_is_told_apart_from_the_solutions_own(pass_it_on):
    async def scenario(sim):
        get, put, items = _consumers(sim, pass_it_on)
        first, second = sim.spawn(get(), name="consumer-1"), sim.spawn(get(), name="consumer-2")
        await asyncio.sleep(0.001)
        sleeping = waiting_on_condition(second) is not None
        await put("job")
        notified = notified_by_condition(first) is not None and woken(first)
        first.cancel()
        await asyncio.sleep(0.001)
        stuck = not second.done()
        lost = await wakeup_lost_by_condition(second) if stuck else False
        await asyncio.wait([second], timeout=0.01)
        second.cancel()
        await asyncio.gather(first, second, return_exceptions=True)
        return sleeping, notified, stuck, lost

    sleeping, notified, stuck, lost = run(scenario)
    assert sleeping and notified
    if pass_it_on or not CONDITION_LOSES_WAKEUPS:  # passed on by the code, or by Python 3.13
        assert not stuck and not lost
    else:
        assert stuck and lost


def test_the_lost_wake_up_note_says_what_the_standard_library_did():
    note = lost_wakeup_note("consumer-1", "consumer-2")
    assert note.startswith(f"on this Python ({sys.version_info.major}.{sys.version_info.minor}.")
    assert "asyncio.Condition loses a wake-up when a waiter is cancelled" in note
    assert "Your code relies on the fix in 3.13" in note and "gh-112202" in note
    assert "consumer-1" in note and "consumer-2" in note


def _cell(grade_id, source, **meta):
    c = nbformat.v4.new_code_cell(source)
    c.metadata["nbgrader"] = {"grade_id": grade_id, "grade": meta.get("test", False),
                              "solution": meta.get("solution", False), "locked": not meta.get("solution"),
                              "points": 1 if meta.get("test") else 0, "schema_version": 3}
    return c


def _errors_in_a_check_process(test: str, solutions: dict[str, str], test_id: str = "p01_test_sweep"
                               ) -> dict[str, list[str]]:
    """{name: the error values of the test cell `test` (a hidden test cell's source, graded as
    `test_id`) in a real check process, with the solution cell `solutions[name]`} (problem p01,
    after a setup cell)."""
    nb = nbformat.v4.new_notebook()
    verdicts = {}
    for name, solution in solutions.items():
        nb.cells = [_cell("setup", "import asyncio"), _cell("p01_solution", solution, solution=True),
                    _cell(test_id, test, test=True)]
        problem = split_problems(nb)["p01"]
        checks = ProblemChecks({"p01": problem}, Sandbox(problem_timeout=20.0))
        try:
            result = checks.result("p01")
        finally:
            checks.close()
        outputs = outputs_for(problem, test_id, result, 20.0)
        verdicts[name] = [o.get("evalue", "") for o in outputs if o.get("output_type") == "error"]
    return verdicts


_HOLDER_SWEEP = '''### BEGIN HIDDEN TESTS
import itertools

from course.testing import every_suspension, explore, require

_trials = itertools.count()


async def released_wherever_cancelled(sim):
    """a holder cancelled anywhere gives the lock back"""
    async def trial(cut):
        lock = sim.lock(f"lock-{next(_trials)}")  # (traced: its acquire is an event of the holder's)
        task = cut.target(sim.spawn(hold(lock), name="holder"))
        await asyncio.gather(task, return_exceptions=True)
        require(not lock.locked(), "the lock is free", f"the holder, {cut}, kept it")

    require(await every_suspension(sim, trial) == 2, "two suspension points", "")


explore(released_wherever_cancelled, seeds=3)
### END HIDDEN TESTS'''


def test_the_sweep_works_in_a_check_process():
    """In a check process the cancel plan and the suspension counts are the run's ledger's."""
    verdicts = _errors_in_a_check_process(_HOLDER_SWEEP, {
        "good": "async def hold(lock):\n    async with lock:\n        await asyncio.sleep(0.01)\n"
                "        await asyncio.sleep(0.01)\n",
        "leaky": "async def hold(lock):\n    await lock.acquire()\n    await asyncio.sleep(0.01)\n"
                 "    await asyncio.sleep(0.01)\n    lock.release()\n",
        # The same leak in a task the target awaits: the cuts reach it there too.
        "leaky_child": "async def _hold(lock):\n    await lock.acquire()\n    await asyncio.sleep(0.01)\n"
                       "    await asyncio.sleep(0.01)\n    lock.release()\n\n\n"
                       "async def hold(lock):\n    await asyncio.create_task(_hold(lock))\n",
    })
    assert verdicts["good"] == []
    error, = verdicts["leaky"]
    assert re.search(r"the holder, cancelled (right after|[0-9.]+ ms into) its (1st|2nd) suspension, kept it", error), error
    error, = verdicts["leaky_child"]
    assert re.search(r"the holder, cancelled (right after|[0-9.]+ ms into) its (1st|2nd) suspension, kept it", error), error


# A holder that leaks the lock when cancelled, but tells a sweep's later trials from its first (it counts
# its calls per loop) and in them dodges its cuts: {how it dodges}.
_DODGER = '''
_calls = {{}}


async def hold(lock):
    loop = asyncio.get_running_loop()
    _, seen = _calls.get(id(loop), (loop, 0))
    _calls[id(loop)] = (loop, seen + 1)
    later = seen > 0
{body}
'''
_DODGES = {
    # the same lines, on the same schedule, without the (free) lock: each cut lands where it landed
    "unlocked": """    if not later:
        await lock.acquire()
    await asyncio.sleep(0.01)
    await asyncio.sleep(0.01)
    if not later:
        lock.release()""",
    # spins first, holding nothing, so that each cut lands in the spin
    "spins": """    for _ in range(2 if later else 0):
        await asyncio.sleep(0)
    await lock.acquire()
    await asyncio.sleep(0.01)
    await asyncio.sleep(0.01)
    lock.release()""",
    # does its work without suspending, so that no cut lands
    "no_suspension": """    await lock.acquire()
    if not later:
        await asyncio.sleep(0.01)
        await asyncio.sleep(0.01)
    lock.release()""",
}


def test_a_sweep_in_a_check_process_fails_a_target_that_goes_another_way_in_its_later_trials():
    """In a check process each trial of a sweep runs on the uncut run's schedule, and a target that
    reached no cut's point as it did left alone (the point comes, at the same line of the same code,
    after the same traced actions) fails; and a trial or two before the uncut one cut the target
    where it runs as it does the first time. A holder that leaks the lock, and tells the trials after
    its first apart to dodge its cuts in them (red-team pass 75: spinning first, or not suspending;
    pass 76: the same lines without the lock), fails either way: cut in its first call, where it
    leaks, or for the way it went in the others."""
    verdicts = _errors_in_a_check_process(_HOLDER_SWEEP, {
        name: _DODGER.format(body=body) for name, body in _DODGES.items()})
    for name, errors in verdicts.items():
        error, = errors
        assert re.search(r"the holder, cancelled (right after|[0-9.]+ ms into) its (1st|2nd) suspension, kept it|"
                         r"on the same schedule", error), (name, error)


# A sweep of a holder's four 10 ms waits, three seeds.
_FOUR_WAITS_SWEEP = '''### BEGIN HIDDEN TESTS
import itertools

from course.testing import every_suspension, explore, require

_trials = itertools.count()


async def released_wherever_cancelled(sim):
    """a holder cancelled anywhere gives the lock back"""
    async def trial(cut):
        lock = sim.lock(f"lock-{next(_trials)}")
        task = cut.target(sim.spawn(hold(lock), name="holder"))
        await asyncio.gather(task, return_exceptions=True)
        require(not lock.locked(), "the lock is free", f"the holder, {cut}, kept it")

    await every_suspension(sim, trial)


explore(released_wherever_cancelled, seeds=3)
### END HIDDEN TESTS'''

# Careful up to a sweep's uncut run (the first it is not cancelled in) and in the first trial after it; in
# the next (R - 1) * 3 (the sweep's other points, each tried three times when it goes another way) it first
# waits R times as long as a cut's wait, so that each cut lands there, then leaks the lock when cancelled;
# then careful again, so that the trials past the uncut run's reach find nothing to cut.
_CAREFUL_IN_A_SWEEPS_FIRST_TRIALS = '''_state = {}
R = 4


async def hold(lock):
    loop = asyncio.get_running_loop()
    state = _state.setdefault(id(loop), {"loop": loop, "uncut": False, "after": 0})
    padded = state["uncut"] and 1 <= state["after"] <= (R - 1) * 3
    cancelled = False
    try:
        if padded:
            for _ in range(R):
                await asyncio.sleep(0.01)
            await lock.acquire()
            for _ in range(R):
                await asyncio.sleep(0.01)
            lock.release()
        else:
            async with lock:
                for _ in range(R):
                    await asyncio.sleep(0.01)
    except asyncio.CancelledError:
        cancelled = True
        raise
    finally:
        if state["uncut"]:
            state["after"] += 1
        elif not cancelled:
            state["uncut"] = True
'''


def test_a_sweep_in_a_check_process_fails_a_target_that_goes_another_way_at_one_point():
    """In a check process every point of a sweep must be cut as the target runs there: a point whose
    every try went another way than the uncut run fails the sweep, though other points went its way.
    Until 2026-12-07 only a target that went another way at every point failed, and one careful in a
    sweep's first trials (its uncut run and the first cut after it) and padded in the later ones, each
    cut landing on its padding, kept the leak of its padded way (the review of the sweep's tolerance,
    2026-12-06)."""
    error, = _errors_in_a_check_process(_FOUR_WAITS_SWEEP, {
        "careful_first": _CAREFUL_IN_A_SWEEPS_FIRST_TRIALS})["careful_first"]
    assert re.search(r"its \d\w\w suspension was at line \d+ of hold; in the run that cancelled it there, on the "
                     r"same schedule, it was at line \d+ of hold instead", error), error


# Races that a float rounding decides: a test task sleeps `total` once, the target sleeps it in `parts`
# equal slices, and then takes one more suspension if the test task got there first. Which comes first
# depends on how the sums round where the clock stands.
_ROUNDING_RACES_SWEEP = '''### BEGIN HIDDEN TESTS
from course.testing import every_suspension, explore, require

RACES = [(total, parts) for total in (0.1, 0.012, 0.0123) for parts in (3, 7)]


async def a_race_decided_by_a_rounding(sim):
    """the target runs its slices, and every point of it is cut"""
    async def trial(cut):
        arrived = [[] for _ in RACES]

        async def whole(total, seen):
            await asyncio.sleep(total)
            seen.append(True)

        wholes = [sim.spawn(whole(total, seen), name="whole") for (total, _), seen in zip(RACES, arrived)]
        task = cut.target(sim.spawn(race(RACES, arrived), name="sliced"))
        await asyncio.gather(task, *wholes, return_exceptions=True)  # (none left to run into the next trial)
        require(task.cancelled() or task.result() is None, "the target ends", f"{cut}: it ended otherwise")

    await every_suspension(sim, trial)


explore(a_race_decided_by_a_rounding, seeds=3)
### END HIDDEN TESTS'''

_SLICES_THEN_LOOKS = """
async def race(races, arrived):
    for (total, parts), seen in zip(races, arrived):
        for _ in range(parts):
            await asyncio.sleep(total / parts)
        if seen:  # the whole sleep ended first (or at the same instant, and ran first)
            await asyncio.sleep(0)
"""


def test_a_check_process_starts_each_trial_of_a_sweep_where_its_times_round_as_the_uncut_runs():
    """A trial's times are sums of floats from its start (a sleep's due time is the clock plus the
    delay), which round by where the clock stands: in a check process every trial of a sweep starts
    where those sums round as in its uncut run, so a target whose way a rounding decides (a task that
    sleeps 0.1 s in three slices arrives before, with, or after one that sleeps it once) goes the same
    way in each. Before, each trial started where the last ended, and such a target went another way in
    a trial cut before the uncut run (not tried again) or in every try of a point: a correct P07 worker
    doing its work in equal slices lost `p07_test_broken` (5 points) in every grading (red-team pass
    90's fairness find; grader_tests/submissions/p07/correct_work_in_equal_slices.py)."""
    assert _errors_in_a_check_process(_ROUNDING_RACES_SWEEP, {"sliced": _SLICES_THEN_LOOKS}) == {"sliced": []}


_ALIGNED_STARTS_SWEEP = '''### BEGIN HIDDEN TESTS
import itertools

from course.testing import every_suspension, explore, require

_trials = itertools.count()


async def every_trial_starts_on_the_grid(sim):
    """each trial of eight sweeps in a run starts where its times round as its uncut run's"""
    async def trial(cut):
        began = sim.now()
        require(began >= 64 and (began * 2**24).is_integer(), "a trial starts on a 2**-24 s grid, from 64 s",
                f"{cut}: it started at {began!r} s")
        lock = sim.lock(f"lock-{next(_trials)}")
        task = cut.target(sim.spawn(hold(lock), name="holder"))
        await asyncio.gather(task, return_exceptions=True)

    for _ in range(8):
        await every_suspension(sim, trial)


explore(every_trial_starts_on_the_grid, seeds=1)
### END HIDDEN TESTS'''


def test_a_check_process_gives_each_sweep_room_for_what_the_last_one_took_not_the_leap_before_it():
    """Each sweep's trials start in a binade with room for twice what the last sweep of the same trial
    took, from its first trial: counted from before the leap to its first trial's start, the room
    doubled at every sweep, and a run's fifth sweep had no binade left under the run's bound (3600
    virtual seconds), so its trials started where they came (found in review, 2026-12-07)."""
    holder = """
async def hold(lock):
    async with lock:
        await asyncio.sleep(0.01)
        await asyncio.sleep(0.01)
"""
    assert _errors_in_a_check_process(_ALIGNED_STARTS_SWEEP, {"holder": holder}) == {"holder": []}


def test_a_check_process_cuts_a_trial_before_the_uncut_one():
    """In a check process one or two trials cut the target before the run that leaves it alone, so
    the uncut run comes at a place the target cannot know: a holder that releases the lock when
    cancelled only when it is not the first of its loop (red-team pass 77: it went the same way up
    to each cut, and cleaned up after it only in the trials after the uncut one) is cut in its first."""
    careful = _DODGER.format(body="""    await lock.acquire()
    try:
        await asyncio.sleep(0.01)
        await asyncio.sleep(0.01)
    except asyncio.CancelledError:
        if later:
            lock.release()
        raise
    lock.release()""")
    error, = _errors_in_a_check_process(_HOLDER_SWEEP, {"careful": careful})["careful"]
    assert re.search(r"the holder, cancelled (right after|[0-9.]+ ms into) its (1st|2nd) suspension, kept it", error), error


def test_a_check_process_cuts_a_trial_before_the_uncut_one_some_way_into_its_suspension():
    """In a check process the trials before the uncut one land their cut some way into the
    suspension they cut, as the later ones do: cut at the instant the target suspended, where only a
    sweep's cut lands, a holder careful when cancelled there (pass 78's sign) or when its task's name
    was used before in the loop (pass 77's: every trial after the first) was careful in every trial,
    and leaked the lock for a deadline in a fresh task (red-team pass 92, routes
    `pNN_ahead_trial_cut_at_instant`)."""
    careful = _DODGER.format(body="""    loop = asyncio.get_running_loop()
    names = _names.setdefault(id(loop), (loop, set()))[1]
    seen = asyncio.current_task().get_name() in names
    names.add(asyncio.current_task().get_name())
    await lock.acquire()
    try:
        for _ in range(2):
            began = loop.time()
            await asyncio.sleep(0.01)
    except asyncio.CancelledError:
        if seen or loop.time() == began:
            lock.release()
        raise
    lock.release()""")
    error, = _errors_in_a_check_process(_HOLDER_SWEEP, {"careful": "_names = {}\n" + careful})["careful"]
    assert re.search(r"the holder, cancelled [0-9.]+ ms into its (1st|2nd) suspension, kept it", error), error


def test_a_check_process_cuts_a_fresh_wait_it_cannot_time_over_its_orders_of_magnitude():
    """A trial before the uncut run draws its cut's lag from another run's length (the last sweep's, or
    a 1 ms guess): where this run cannot time the wait (a future a timer of the solution's own sets, not
    a sleep), the lag is drawn over the orders of magnitude from 10 ns up. Drawn evenly up to that
    length, it overshot a wait made a thousand times shorter in the run the call could tell (the first
    of its loop), and the cut came as the wait ended, at the very instant, where the call was careful:
    it kept the lock when cancelled by any deadline inside that wait (red-team pass 94, routes
    `pNN_fresh_lambda_timer`)."""
    careful = _PAUSE + _DODGER.format(body="""    await lock.acquire()
    began = loop.time()
    try:
        await _pause(1e-6)  # (as long in every run: a first run that waits otherwise fails, see the next test)
    except asyncio.CancelledError:
        if later or loop.time() == began + 1e-6:
            lock.release()
        raise
    try:
        await asyncio.sleep(0.01)
    finally:
        lock.release()""")
    error, = _errors_in_a_check_process(_HOLDER_SWEEP.replace("seeds=3", "seeds=12"), {"careful": careful})["careful"]
    assert re.search(r"the holder, cancelled [0-9.e-]+ ms into its 1st suspension, kept it", error), error


def test_a_check_process_fails_a_first_trial_whose_waits_last_otherwise_than_left_alone():
    """A trial before the uncut run (the first of its task's name in the loop: a call can tell it) must wait in each
    suspension up to its cut as long as the uncut run does: a call that made its wait a thousand times shorter there
    was woken before the cut landed (one draw in three lands under a 1 us wait), and cancelled as it was, at an
    instant it was careful at (red-team pass 94, route `p08_fresh_lambda_timer`, +5, open until 2026-12-08). This
    holder is careful wherever it is cancelled: only how long it waited tells its first run from the others."""
    shorter_first = _PAUSE + _DODGER.format(body="""    await lock.acquire()
    try:
        await _pause(0.01 if later else 1e-6)
        await asyncio.sleep(0.01)
    finally:
        lock.release()""")
    same_each_time = shorter_first.replace("0.01 if later else 1e-6", "0.01")
    errors = _errors_in_a_check_process(_HOLDER_SWEEP, {"shorter": shorter_first, "same": same_each_time})
    assert errors["same"] == [], errors
    error, = errors["shorter"]
    assert re.search(r"left alone, its 1st suspension lasted 10 ms; in the run that was to cancel it (in its 2nd|"
                     r"[0-9.e-]+ ms into it), on the same schedule, (0\.001 ms|it was woken after 0\.001 ms)", error), error
    assert "that run was the sweep's first" in error, error


# A holder whose 5 ms pause (`_pause`, each test's own) is outside its try, careful only when cancelled
# at the very instant the pause ends: a deadline inside the pause leaks the lock.
_CAREFUL_AS_PAUSE_ENDS = _DODGER.format(body="""    await lock.acquire()
    began = loop.time()
    try:
        await _pause(0.005)
    except asyncio.CancelledError:
        if loop.time() == began + 0.005:
            lock.release()
        raise
    try:
        await asyncio.sleep(0.01)
    finally:
        lock.release()""")


def test_a_check_process_times_a_wait_only_by_a_sleeps_own_timer():
    """A cut lands as this run times the suspension only where the loop knows when it ends: an
    asyncio.sleep's own timer (its future resolved sooner by other code fails the check). A timer whose
    callback was any bound method of the awaited future counted too, so a call that filed its own,
    `loop.call_later(10, future.done)`, beside the timer that really ended its 5 ms wait, had every cut
    land after that wait had ended; cancelled as it was woken, at that very instant, it was careful
    there alone (red-team pass 95, routes `pNN_as_woken_decoy`, `pNN_sleep_decoy`, `p07_relay_decoy`)."""
    careful = _PAUSE.replace("    return woken", """    decoy = loop.call_later(10.0, woken.done)  # (does nothing: a bound method of the future)
    woken.add_done_callback(lambda _: decoy.cancel())
    return woken""") + _CAREFUL_AS_PAUSE_ENDS
    error, = _errors_in_a_check_process(_HOLDER_SWEEP, {"careful": careful})["careful"]
    assert re.search(r"the holder, cancelled [0-9.e-]+ ms into its 1st suspension, kept it", error), error


# Three ways to end a real asyncio.sleep(10) after `delay` from outside, each keeping the sleep's own timer
# (10 s out, by which the loop times the wait for a cut) in place: a sleep stepped by hand, its future
# resolved by a timer of ours, then closed (so the sealed sleep's check, after the sleep returns, never
# runs); the same closed at `delay` (its `finally` cancels the future the task awaits, whose CancelledError
# the task swallows); a sleep awaited as usual, its delay a float that says it is not > 0, its future
# resolved through the task's `_fut_waiter`.
_EARLY_SLEEPS = {
    "closed": """
class _Pause:
    def __init__(self, delay):
        self.delay = delay

    def __await__(self):
        inner = asyncio.sleep(10.0)
        fut = inner.send(None)
        h = asyncio.get_running_loop().call_later(self.delay, lambda: fut.done() or fut.set_result(None))
        try:
            yield fut
        finally:
            h.cancel()
            inner.close()


_pause = _Pause
""",
    "closed_cancelled": """
class _Pause:
    def __init__(self, delay):
        self.delay = delay

    def __await__(self):
        inner = asyncio.sleep(10.0)
        fut = inner.send(None)
        ended = []

        def end():
            ended.append(True)
            inner.close()

        h = asyncio.get_running_loop().call_later(self.delay, end)
        try:
            yield fut
        except asyncio.CancelledError:
            if not ended or asyncio.current_task().cancelling():
                raise
        finally:
            h.cancel()
            inner.close()


_pause = _Pause
""",
    "lying_delay": """
class _Ten(float):
    def __gt__(self, other):
        return False


async def _pause(delay):
    task = asyncio.current_task()

    def end():
        waiter = task._fut_waiter
        if waiter is not None and not waiter.done():
            waiter.set_result(None)

    h = asyncio.get_running_loop().call_later(delay, end)
    try:
        await asyncio.sleep(_Ten(10.0))
    finally:
        h.cancel()
""",
}


def test_a_check_process_fails_a_sleep_ended_before_its_own_timer_however_it_is_ended():
    """A sleep's own timer times a wait for a cut, so a sleep ended sooner from outside fails the check
    (the sealed sleep noted it once the sleep returned). A sleep stepped by hand and closed never returns,
    and a delay of a float subclass said it was not > 0: in both, the sleep's timer 10 s out timed a 5 ms
    wait, every cut came as the call was woken, and a call careful only at that instant passed (red-team
    pass 96, routes `pNN_closed_sleep`, `p07_closed_sleep_cancelled`, `p07_lying_delay_sleep`)."""
    careful = _CAREFUL_AS_PAUSE_ENDS
    verdicts = _errors_in_a_check_process(_HOLDER_SWEEP, {name: pause + careful for name, pause in _EARLY_SLEEPS.items()})
    for name, errors in verdicts.items():
        assert errors and all(re.search(r"a sleep \((ended [0-9.]+ s|its future resolved) before its time, "
                                        r"from outside\)", error) for error in errors), (name, errors)


def test_a_check_process_tries_again_a_cut_its_target_was_woken_before():
    """A cut that has not come when its target is woken is delivered as it is woken: at the instant its
    wait ended, which the target's own code may have chosen and can recognise. An asyncio.sleep(10) under
    `asyncio.timeout(0.005)` is timed by the sleep's own timer, so every cut came after the timeout had
    ended the wait, at exactly its end, and a holder careful only then kept its leak for a deadline inside
    the wait (red-team pass 97, routes `pNN_timeout_pause`). Now such a try is tried again, the cut drawn
    inside the wait as that try found it; a holder careful everywhere still passes."""
    pause = """
async def _pause(delay):
    try:
        async with asyncio.timeout(delay):
            await asyncio.sleep(10.0)
    except TimeoutError:
        pass
"""
    careful = pause + _CAREFUL_AS_PAUSE_ENDS
    correct = pause + _DODGER.format(body="""    async with lock:
        await _pause(0.005)
        await asyncio.sleep(0.01)""")
    verdicts = _errors_in_a_check_process(_HOLDER_SWEEP, {"careful": careful, "correct": correct})
    error, = verdicts["careful"]
    match = re.search(r"the holder, cancelled ([0-9.e-]+) ms into its 1st suspension, kept it", error)
    assert match and 0 < float(match.group(1)) < 5, error  # (inside the 5 ms the timeout let it wait)
    assert verdicts["correct"] == []


# A wait a timer of the solution's own ends (a lambda: not the awaited future's own method, which the loop
# could tie to it).
_PAUSE = '''
def _pause(delay):
    loop = asyncio.get_running_loop()
    woken = loop.create_future()
    loop.call_later(delay, lambda: woken.done() or woken.set_result(None))
    return woken
'''


def test_a_check_process_cuts_a_target_some_way_into_its_suspension():
    """In a check process a cut lands inside the suspension it cuts, at a point drawn from the seed
    as the uncut run timed it, not at the instant the target suspended, where no deadline lands: a
    holder that releases the lock when cancelled only if `loop.time()` still reads what it read
    before its `await` (red-team pass 78, routes `pNN_sweep_careful_when_instant`) is cut where it
    leaks; a correct holder passes, and one that suspends for no time is cut at that instant."""
    careful = """async def hold(lock):
    loop = asyncio.get_running_loop()
    await lock.acquire()
    for _ in range(2):
        began = loop.time()
        try:
            await asyncio.sleep(0.01)
        except asyncio.CancelledError:
            if loop.time() == began:
                lock.release()
            raise
    lock.release()
"""
    no_time = ("async def hold(lock):\n    async with lock:\n        await asyncio.sleep(0)\n"
               "        await asyncio.sleep(0)\n")
    verdicts = _errors_in_a_check_process(_HOLDER_SWEEP, {"careful": careful, "no_time": no_time})
    error, = verdicts["careful"]
    match = re.search(r"the holder, cancelled ([0-9.]+) ms into its (1st|2nd) suspension, kept it", error)
    assert match and 0 < float(match.group(1)) < 10, error  # (inside its 10 ms)
    assert verdicts["no_time"] == []


# A trial whose target waits for a gate the test opens 10 ms in when it leaves the target alone, and
# 1 microsecond in when it cuts it: each cut, drawn inside the uncut run's 10 ms wait, comes after
# the target has returned.
_GATE_SWEEP = '''### BEGIN HIDDEN TESTS
from course.testing import every_suspension, explore, require


async def judged_as_it_ran(sim):
    """a waiter for a gate, cut at each suspension"""
    async def trial(cut):
        gate = asyncio.Event()
        task = cut.target(sim.spawn(through(gate), name="waiter"))
        # (1 us in every run: a cut drawn from a guess (the sweep's first trials) lands after it one draw in three,
        # and those find the target woken. Opened later in the uncut run only, as until 2026-12-08, the first trial
        # waits otherwise than the uncut run, which now fails the sweep: see _cancellation._other_time.)
        await asyncio.sleep(0.000001)
        gate.set()
        await asyncio.gather(task, return_exceptions=True)
        require(cut.fired == task.cancelled(), "a cut fired exactly when its target was cancelled",
                f"{cut}: fired {cut.fired}, cancelled {task.cancelled()}")
        require(task.cancelled() or not cut.k or cut.suspensions < cut.k, "a cut trial's target, which reached "
                "the cut's point, is cancelled there",
                lambda: f"{cut}: it returned {task.result()!r}")

    await every_suspension(sim, trial)


explore(judged_as_it_ran, seeds=3)
### END HIDDEN TESTS'''


def test_a_cut_whose_target_is_woken_before_it_lands_cancels_it_as_it_is_woken():
    """In a check process a cut lands some way into the suspension it cuts, a lag drawn from another
    run's length of it; a target whose suspension ends sooner is cancelled as it is woken, before it
    runs again, so a cut always cancels its target at its point. Delivered after the target's next
    step, the cut came at the instant of its next suspension, where only a sweep's cut lands, or after
    it had ended (red-team pass 92; until pass 89 such a target, ended, was judged cancelled: a correct
    P10 queue's get() "returned 'job-0' though cancelled"; then the trial went another way)."""
    errors = _errors_in_a_check_process(_GATE_SWEEP, {
        "through": "async def through(gate):\n    await gate.wait()\n    return 'through'\n"})["through"]
    assert errors == [], errors


# Two checks of one seed, each a sweep of a holder's two 10 ms waits, noting where each cut landed.
_TWO_SWEEPS_OF_A_SEED = '''### BEGIN HIDDEN TESTS
from course.testing import every_suspension, explore, require

_landed = []


async def noted(sim):
    """a holder's cuts, noted"""
    landed = {}

    async def trial(cut):
        task = cut.target(sim.spawn(hold(asyncio.Lock()), name="holder"))
        await asyncio.gather(task, return_exceptions=True)
        if cut.fired and cut.landing is not None:
            landed[cut.k] = (cut.lag, cut.landing.digits is None)

    await every_suspension(sim, trial)
    _landed.append(landed)
    if len(_landed) == 2:
        (first, second), points = _landed, sorted(_landed[0])
        require(points == [1, 2] and sorted(second) == points, "each point was cut", lambda: repr(_landed))
        require(all(first[k][0] != second[k][0] for k in points), "two sweeps of one seed cut at lags of "
                "their own", lambda: repr(_landed))
        require(first[1][1] and all(first[k][1] != second[k][1] and first[k][1] != first[k % 2 + 1][1]
                                    for k in points), "the kinds of landing take turns", lambda: repr(_landed))


explore(noted, seeds=[0])
explore(noted, seeds=[0])
### END HIDDEN TESTS'''


def test_no_two_sweeps_cut_alike_in_a_check_process():
    """In a check process where a sweep's cuts land is drawn from the problem's secret, the seed and
    the sweep's place in the process: two sweeps of the same seed (two checks) land at lags of their
    own, so a lag a solution noted in one is never one to be careful at in the next (red-team pass 90:
    P02 +2 and P08 +5, route `p08_learned_lags`); and the kinds of landing, anywhere in the wait or on
    a short decimal's grid, take turns: the first sweep's first point anywhere, then each point the
    other way in the next sweep of the same trial (drawn one in eight, the kinds left a call careful
    only at grid times to luck)."""
    holder = ("async def hold(lock):\n    async with lock:\n        await asyncio.sleep(0.01)\n"
              "        await asyncio.sleep(0.01)\n")
    assert _errors_in_a_check_process(_TWO_SWEEPS_OF_A_SEED, {"holder": holder}) == {"holder": []}


# A holder that leaks the lock when cancelled in its 10 ms waits, unless the cancellation looks like a
# sweep's cut by {what}.
_TELLS_A_CUT = """import bisect
import random

{setup}


async def hold(lock):
    loop = asyncio.get_running_loop()
    await lock.acquire()
    for _ in range(2):
        began, steps = loop.time(), loop.steps
        try:
            await asyncio.sleep(0.01)
        except asyncio.CancelledError:
            if {looks_like_a_cut}:
                lock.release()
            raise
    lock.release()
"""
_TELLS = {
    # where in the wait it came: a fraction a sweep draws from the seed alone (`explore`'s seeds are
    # 0, 1, ...), computed for the first seeds, or none (a trial cut at once, before the uncut run)
    "fraction": ("_DRAWN = sorted((r.random(), r.choice(range(8)))[0] for s in range(20) "
                 "for r in [random.Random(f'every_suspension lag {s}')] for _ in range(8))",
                 "loop.time() == began or (lambda f: any(abs(f - d) < 1e-7 for d in "
                 "_DRAWN[max(bisect.bisect(_DRAWN, f) - 1, 0):][:2]))((loop.time() - began) / 0.01)"),
    # nothing but its own wake-up ran while it waited: a cut made between two callbacks
    "steps": ("", "loop.steps - steps <= 1"),
}


def test_a_sweeps_cut_in_a_check_process_comes_as_a_deadline_would():
    """In a check process where a cut lands is drawn from the problem's secret (a digest of its test
    cells' text, which a solution never sees) and the seed, and it comes from a timer, as a deadline's
    cancellation does: a holder that cleans up only when the fraction of its wait that passed is one
    the seed alone gives, or only when no callback but its wake-up ran while it waited (red-team
    pass 79, routes `pNN_sweep_lag_fingerprint`, `pNN_sweep_nothing_else_ran`), is cut where it leaks."""
    verdicts = _errors_in_a_check_process(_HOLDER_SWEEP, {
        name: _TELLS_A_CUT.format(setup=setup, looks_like_a_cut=test) for name, (setup, test) in _TELLS.items()})
    for name, errors in verdicts.items():
        error, = errors
        assert re.search(r"the holder, cancelled [0-9.]+ ms into its (1st|2nd) suspension, kept it", error), (name, error)


# Where in its wait a cancellation came, as a holder tells it: (when it cleans up, what it leaks on).
_WHERE = {
    # at the instant it suspended (a pre-trial's cut) or at a time on no short decimal's grid (a
    # cut drawn anywhere): a test's round deadline (2.5 ms, 10 ms) finds the leak (red-team pass 80)
    "unround": "loop.time() == began or abs(loop.time() * 1e7 - round(loop.time() * 1e7)) >= 1e-4",
    # the other way round: only at round times, where a test's deadline lands
    "round": "abs(loop.time() * 1e7 - round(loop.time() * 1e7)) < 1e-4",
    # at the instant it suspended, or anywhere but the first or last 5% of its wait
    "middle": "loop.time() == began or 0.05 <= (loop.time() - began) / 0.01 <= 0.95",
}


def test_a_sweeps_cut_lands_at_round_and_unround_times_and_near_a_waits_ends():
    """In a check process a sweep's cut lands anywhere inside the suspension it cuts (as close to
    its ends as the draws go), or at a multiple of a short decimal inside it (0.001 s, 0.0001 s,
    ...), where the tests' deadlines fall: a holder that cleans up only at times off every short
    decimal's grid (red-team pass 80: +25 points on eight problems), or only on one, or only in the
    middle 90% of its wait, is cut where it leaks."""
    sweep = _HOLDER_SWEEP.replace("seeds=3", "seeds=50")  # (100 cuts: a leak in a tenth of a wait is found)
    verdicts = _errors_in_a_check_process(sweep, {
        name: _TELLS_A_CUT.format(setup="", looks_like_a_cut=test) for name, test in _WHERE.items()})
    for name, errors in verdicts.items():
        error, = errors
        assert re.search(r"the holder, cancelled [0-9.]+ ms into its (1st|2nd) suspension, kept it", error), (name, error)


def test_a_cancel_plan_is_set_once_in_a_check_process():
    """In a check process a run's cancel plan for a task, once set by the test, is not changed: a
    solution's C callable that test code runs (here a class's `__iter__`, a `functools.partial` of
    `map` over the loop's `cancel_at`) has only test frames above it, and withdrew the cuts that
    would show its leak (red-team pass 76, the same recipe as route `p06_c_class_replans_cut`)."""
    # The test looks into the box 1 ms in, while the holder waits before taking the lock (its 1st
    # point): the cuts that matter (its 2nd and 3rd points, holding the lock) are still to come.
    test = _HOLDER_SWEEP.replace("hold(lock)", "hold(lock, box)").replace(
        "        lock = sim.lock(", "        box = Box()\n        lock = sim.lock(").replace(
        "        await asyncio.gather(task, return_exceptions=True)\n",
        "        await asyncio.sleep(0.001)\n        list(box)\n"
        "        await asyncio.gather(task, return_exceptions=True)\n").replace(
        "== 2, \"two suspension points\"", "== 3, \"three suspension points\"")
    assert "list(box)" in test and "box = Box()" in test and "== 3" in test
    leaky = ("import functools\n\n\nclass Box:\n    pass\n\n\n"
             "async def hold(lock, box):\n"
             "    loop, me = asyncio.get_running_loop(), asyncio.current_task()\n"
             "    Box.__iter__ = functools.partial(map, loop.cancel_at, [me], [2**62])  # no frame of its own\n"
             "    await asyncio.sleep(0.002)\n"
             "    await lock.acquire()\n    await asyncio.sleep(0.01)\n    await asyncio.sleep(0.01)\n"
             "    lock.release()\n")
    error, = _errors_in_a_check_process(test, {"leaky": leaky})["leaky"]
    assert "already planned to be cancelled: a run's cancel plan is set once, by the test" in error, error


def test_cancel_when_woken_cancels_before_the_waiter_runs_in_a_check_process():
    """In a check process the loop cancels an armed waiter right after the step that woke it, however the
    solution woke it and whenever (a result, an exception, its future cancelled, a callback or a
    microsecond late, its sleep ending), on every seed: the waiter is always cancelled before it runs
    again. Unwoken, the Arming has not fired, and a trial that requires it fails (red-team pass 59)."""
    test = '''### BEGIN HIDDEN TESTS
from course.testing import cancel_when_woken, explore, require


async def cancelled_before_it_runs(sim):
    """an armed waiter is cancelled before it runs again"""
    loop, seen = asyncio.get_running_loop(), []
    fut = loop.create_future()

    async def waiter():
        try:
            await (asyncio.sleep(0.005) if SLEEPS else fut)
        except BaseException as exc:  # (a KeyError handed over, or the cancellation)
            seen.append(asyncio.current_task().cancelling())
            raise
        seen.append("ran on")

    victim = sim.spawn(waiter(), name="victim")
    bystanders = [sim.spawn(asyncio.sleep(0.005), name=f"bystander-{i}") for i in range(3)]  # woken beside it
    await asyncio.sleep(0.001)
    arming = cancel_when_woken(victim)
    if not SLEEPS:
        hand_over(loop, fut)
    await asyncio.wait([victim, *bystanders], timeout=0.01)
    fired = arming.fired()
    victim.cancel()
    await asyncio.gather(victim, *bystanders, return_exceptions=True)
    require(fired, "the waiter is woken", "it was not")
    require(seen == [1] and arming.cancelled == [victim], "cancelled before it ran", lambda: f"it saw {seen}")


explore(cancelled_before_it_runs, seeds=6)
### END HIDDEN TESTS'''
    solutions = {how: "SLEEPS = False\n" + source for how, source in _HAND_OVERS.items()}
    solutions["sleep ending"] = "SLEEPS = True\n"
    solutions["never"] = "SLEEPS = False\n\n\ndef hand_over(loop, fut):\n    loop.call_later(1, fut.set_result, None)\n"
    verdicts = _errors_in_a_check_process(test, solutions, "p01_test_woken")
    never = verdicts.pop("never")
    assert verdicts == {name: [] for name in verdicts}
    assert len(never) == 1 and "the waiter is woken" in never[0], never


def test_a_cut_knows_when_it_cancelled_its_target():
    """`cut.fired_at`: the virtual time of the suspension point after which the sweep cancelled the
    target (None when it was left alone), so a check can tell a cancellation during a startup from
    one after it."""
    seen = {}

    async def scenario(sim):
        async def staged():
            await asyncio.sleep(0.1)
            await asyncio.sleep(0.1)
            await asyncio.sleep(0.1)

        async def trial(cut):
            start = sim.now()
            task = cut.target(sim.spawn(staged(), name="staged"))
            await asyncio.gather(task, return_exceptions=True)
            seen[cut.k] = None if cut.fired_at is None else round(cut.fired_at - start, 9)

        await every_suspension(sim, trial)

    run(scenario)
    assert seen == {0: None, 1: 0.0, 2: 0.1, 3: 0.2, 4: None}  # (4: the sweep tries one more; never reached)


def test_each_trial_of_a_sweep_gets_a_step_budget_of_its_own():
    """A run's `max_steps` counts from its start, but each trial of a sweep is a run of its own:
    a sweep of 51 small trials goes past a run's budget and still passes, while a trial that
    never ends stops soon after its own budget (the uncut trial's steps and 10,000 more)."""
    async def patient():
        for _ in range(50):
            await asyncio.sleep(0)

    async def sweep(sim):
        async def trial(cut):
            await asyncio.gather(cut.target(sim.spawn(patient(), name="patient")), return_exceptions=True)
        return await every_suspension(sim, trial)

    assert run(sweep, max_steps=1_000) == 50

    async def stubborn():
        for _ in range(50):
            try:
                await asyncio.sleep(0)
            except asyncio.CancelledError:
                while True:  # swallows the cancellation and never ends
                    await asyncio.sleep(0.001)

    async def runaway(sim):
        async def trial(cut):
            await asyncio.gather(cut.target(sim.spawn(stubborn(), name="stubborn")), return_exceptions=True)
        return await every_suspension(sim, trial)

    with pytest.raises(TooManySteps) as caught:
        run(runaway, max_steps=1_000)
    # stopped in its first cut trial: the uncut trial (~100 steps), then 10,000 and a little more
    assert 10_000 < int(re.search(r"([\d,]+) callbacks ran", str(caught.value)).group(1).replace(",", "")) < 11_000
