"""What a check reports when student code deadlocks, spins, raises or leaves a mess,
and that it never prints anything itself."""

from __future__ import annotations

import asyncio
import gc
import logging
import sys
import time
import warnings

import pytest

import course.testing
from course.testing import (BlockingCall, Deadlock, NeverYields, SolutionError, TooManySteps, Untidy,
                            require, run)


async def lock_order_deadlock(sim):
    """two transfers take the same two locks"""
    a, b = sim.lock("a"), sim.lock("b")

    async def transfer(first, second):
        async with first:
            await asyncio.sleep(0.01)
            async with second:
                pass

    await asyncio.gather(sim.spawn(transfer(a, b), "t1"), sim.spawn(transfer(b, a), "t2"))


def test_lock_order_deadlock_names_tasks_locks_holders_and_cycle():
    with pytest.raises(Deadlock) as caught:
        run(lock_order_deadlock, seed=1)
    text = str(caught.value)
    assert "task 't1' waits in Lock.acquire() on Lock 'b' held by 't2'" in text
    assert "task 't2' waits in Lock.acquire() on Lock 'a' held by 't1'" in text
    assert "Wait-for cycle:" in text and "t=0.010000s" in text
    assert "async with second:" in text, "the report shows the line each task is stuck on"


def test_deadlock_on_a_plain_event_names_the_variable():
    async def never_set(sim):
        ready = asyncio.Event()
        await ready.wait()

    with pytest.raises(Deadlock, match=r"Event.wait\(\) on Event `ready` \(not set\)"):
        run(never_set)


def test_a_busy_loop_is_stopped_and_the_process_stays_usable():
    async def spin(sim):
        while True:
            pass

    with pytest.raises(NeverYields, match="without ever giving control back") as caught:
        run(spin, cpu_limit=0.3)
    assert "while True:" in str(caught.value)

    async def fine(sim):
        await asyncio.sleep(1)
        return sim.now()

    assert run(fine) == 1.0


def test_awaiting_without_waiting_forever_is_bounded_by_steps():
    async def polls(sim):
        while True:
            await asyncio.sleep(0)

    with pytest.raises(TooManySteps, match="10,000 callbacks ran"):
        run(polls, max_steps=10_000)


def test_time_sleep_is_a_blocking_call_even_imported_directly():
    async def blocks(sim):
        time.sleep(5)

    with pytest.raises(BlockingCall, match=r"time.sleep\(5\)"):
        run(blocks)
    # A solution cell may have done `from time import sleep` in the kernel namespace.
    main = vars(sys.modules["__main__"])
    main["sleep"] = time.sleep
    try:
        async def blocks_by_name(sim):
            main["sleep"](5)

        with pytest.raises(BlockingCall):
            run(blocks_by_name)
        assert main["sleep"] is time.sleep, "the name is put back after the check"
    finally:
        del main["sleep"]


def test_exceptions_become_solution_errors_with_line_and_advice():
    async def unfinished(sim):
        raise NotImplementedError()

    with pytest.raises(SolutionError, match="still raises the placeholder's NotImplementedError") as caught:
        run(unfinished)
    assert "raise NotImplementedError()" in str(caught.value)
    # What ran is the placeholder: the cell may hold an edit that was not run, or failed to run
    # (an IndentationError): the advice must not say the cell is untouched.
    assert "still holds" not in str(caught.value)
    assert "has not run since, or its last run failed (look at its output)" in str(caught.value)

    async def nested_run(sim):
        async def inner():
            pass
        asyncio.run(inner())

    with pytest.raises(SolutionError, match="`await` the coroutine instead of calling asyncio.run"):
        run(nested_run)


_SHARED_LOCK = asyncio.Lock()   # made once, outside any loop: a classic class- or module-level lock


async def _contend(lock):
    async def hold():
        async with lock:
            await asyncio.sleep(0)
    await asyncio.gather(hold(), hold())   # the second holder waits: the lock binds to this loop


def test_a_primitive_bound_to_another_loop_is_explained_in_words():
    asyncio.run(_contend(_SHARED_LOCK))      # as a demo on the notebook's loop would

    async def uses_the_shared_lock(sim):
        await _contend(_SHARED_LOCK)

    with pytest.raises(SolutionError, match="is bound to a different event loop") as caught:
        run(uses_the_shared_lock)
    assert "belongs to the first event loop that waited on it" in str(caught.value)
    assert "Create it where it is used" in str(caught.value)


@pytest.mark.parametrize("mess, message", [
    ("never_awaited", "coroutine 'sleep' was never awaited"),
    ("left_running", "tasks were still running"),
    ("unretrieved", "exception was never retrieved"),
])
def test_leftovers_fail_an_otherwise_passing_check(mess, message):
    async def scenario(sim):
        if mess == "never_awaited":
            asyncio.sleep(1)
        elif mess == "left_running":
            sim.spawn(asyncio.Event().wait(), "forgotten")
        else:
            async def fails():
                raise ValueError("lost")
            task = sim.spawn(fails(), "fails")
            await asyncio.sleep(0.1)
            del task

    with pytest.raises(Untidy, match=message):
        run(scenario)


def test_a_helper_task_that_ends_by_itself_is_no_leftover():
    # A passed scenario's tasks get GRACE virtual seconds to end by themselves (a circuit
    # breaker's countdown task that sleeps out its timeout); a wait nobody ends is a leftover,
    # and so is a sleep longer than the grace.
    from course.testing._runner import GRACE

    def scenario_with(helper_sleeps):
        async def scenario(sim):
            async def countdown():
                await asyncio.sleep(helper_sleeps)
            sim.spawn(countdown(), "countdown")
            await asyncio.sleep(0.01)
            return "checked"
        return scenario

    assert run(scenario_with(0.1)) == "checked"
    with pytest.raises(Untidy, match=r"tasks were still running(.|\n)*'countdown' is asleep in asyncio.sleep\(\)"):
        run(scenario_with(2 * GRACE))


def test_checks_write_nothing_to_the_real_stdout_or_stderr(capfd):
    handler = logging.StreamHandler(sys.stderr)
    logger = logging.getLogger("noisy-solution")
    logger.addHandler(handler)
    try:
        async def noisy(sim):
            print("debug on stdout")
            print("debug on stderr", file=sys.stderr)
            logger.warning("state changed")
            logging.getLogger("unconfigured").error("goes to the last-resort handler")
            await asyncio.sleep(0.1)

        run(noisy)
        for failing in (lock_order_deadlock,):
            with pytest.raises(Deadlock):
                run(failing)

        async def untidy(sim):
            asyncio.sleep(1)

        with pytest.raises(Untidy):
            run(untidy)
    finally:
        logger.removeHandler(handler)
    out, err = capfd.readouterr()
    assert out == "" and err == ""


def test_a_failure_shows_what_the_code_printed():
    async def prints_then_fails(sim):
        print("about to fail")
        require(False, "a property", "it did not hold")

    with pytest.raises(AssertionError, match="about to fail"):
        run(prints_then_fails)


def test_student_patches_of_asyncio_do_not_change_the_verdict(capsys):
    real_sleep = asyncio.sleep

    async def instant(delay, result=None):
        return result

    asyncio.sleep = instant
    try:
        async def sleeps(sim):
            await asyncio.sleep(5)
            return sim.now()

        assert run(sleeps) == 5.0
        assert asyncio.sleep is instant, "the student's replacement is put back"
        assert "replaced asyncio.sleep" in capsys.readouterr().out
    finally:
        asyncio.sleep = real_sleep


def test_the_harness_refuses_to_be_modified():
    with pytest.raises(AttributeError, match="read-only"):
        course.testing.explore = lambda *args, **kwargs: None
    with pytest.raises(AttributeError, match="read-only"):
        course.testing._runner.Limits = None


def test_a_stopped_run_leaves_no_never_awaited_warning_for_later_checks():
    async def spin_beside_tasks_not_started(sim):
        async def spin():
            while True:
                pass

        async def later():
            await asyncio.sleep(0)

        await asyncio.gather(spin(), later(), later())

    with pytest.raises(NeverYields):
        run(spin_beside_tasks_not_started, cpu_limit=0.2)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        gc.collect()
    assert not [w for w in caught if "never awaited" in str(w.message)], "a later check would report it"


def test_a_never_awaited_coroutine_in_a_reference_cycle_is_reported_and_the_collector_restored():
    # Only the collector finalizes a coroutine kept alive by a cycle. The check
    # collects just what it made (the heap before it is frozen meanwhile), so
    # this must still be caught, and nothing may stay frozen afterwards.
    async def forgotten_in_a_cycle(sim):
        class Holder:
            pass
        holder = Holder()
        holder.itself = holder
        holder.coroutine = asyncio.sleep(1)
        del holder
        await asyncio.sleep(0.1)

    with pytest.raises(Untidy, match="coroutine 'sleep' was never awaited"):
        run(forgotten_in_a_cycle)
    assert gc.get_freeze_count() == 0

    async def spins(sim):
        while True:
            pass

    with pytest.raises(NeverYields):
        run(spins, cpu_limit=0.2)
    assert gc.get_freeze_count() == 0, "a stopped check leaves the collector as it found it"


def test_a_forgotten_await_in_a_loop_is_reported_once_with_its_count():
    async def simulated_io():
        await asyncio.sleep(0.001)

    async def forgets(sim):
        for _ in range(30):
            simulated_io()  # no await: 30 coroutines never awaited
        await asyncio.sleep(0.01)

    with pytest.raises(Untidy) as caught:
        run(forgets)
    text = str(caught.value)
    assert text.count("was never awaited") == 1 and "(30 times)" in text, text
    assert len(text) < 1000, text
