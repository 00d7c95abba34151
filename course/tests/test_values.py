"""instance_of: isinstance by the real type, which an object cannot answer for itself."""

from __future__ import annotations

import asyncio
import builtins

import pytest

from course.testing import instance_of, outcome, run


class _ClaimsCancelled(Exception):
    @property
    def __class__(self):
        return asyncio.CancelledError


def test_an_exception_claiming_another_class_is_not_taken_for_it():
    fake = _ClaimsCancelled()
    assert isinstance(fake, asyncio.CancelledError)  # what a check using isinstance would believe
    assert not instance_of(fake, asyncio.CancelledError)
    assert not instance_of(fake, (TimeoutError, asyncio.CancelledError))
    assert instance_of(fake, Exception) and instance_of(fake, (ValueError, BaseException))


def test_real_instances_and_subclasses_are():
    assert instance_of(asyncio.CancelledError(), asyncio.CancelledError)
    assert instance_of(ConnectionResetError(), ConnectionError)
    assert instance_of(True, int) and not instance_of(1, bool)
    with pytest.raises(TypeError):
        instance_of(1, "int")


def test_a_task_that_raises_the_claimant_is_not_reported_cancelled():
    async def scenario(sim):
        async def lies():
            raise _ClaimsCancelled()

        outcome, = await asyncio.gather(asyncio.ensure_future(lies()), return_exceptions=True)
        return outcome

    outcome = run(scenario)
    assert isinstance(outcome, asyncio.CancelledError) and not instance_of(outcome, asyncio.CancelledError)


def test_replacing_the_builtin_changes_nothing(monkeypatch):
    monkeypatch.setattr(builtins, "issubclass", lambda *args: True)
    assert not instance_of(_ClaimsCancelled(), asyncio.CancelledError)


def test_outcome_says_how_a_task_ended():
    async def scenario(sim):
        async def returns():
            return 0

        async def raises():
            raise ValueError("no")

        async def waits():
            await asyncio.Event().wait()

        tasks = [asyncio.ensure_future(coro) for coro in (returns(), raises(), waits())]
        await asyncio.sleep(0)
        tasks[2].cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        return [outcome(task) for task in tasks]

    assert run(scenario) == ["returned 0", "raised ValueError('no')", "was cancelled"]
