"""instance_of, outcome and settled: how a value and a task really ended, which an object cannot answer for itself."""

from __future__ import annotations

import asyncio
import builtins

import pytest

from course.testing import Returned, defined, instance_of, outcome, run, same, settled
from course.testing._failures import CheckFailed


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


class _MadeUpMro(type):
    """A metaclass whose `mro()` makes up the MRO CPython keeps for its classes (red-team pass 116)."""

    def mro(cls):
        return (cls, asyncio.CancelledError, object)


class _EqualClasses(type):
    """A metaclass whose classes say they equal every other: `kind in (int, str)` runs this."""

    calls = 0

    def __eq__(cls, other):
        _EqualClasses.calls += 1
        return True

    __hash__ = type.__hash__


def test_a_class_whose_metaclass_made_up_its_mro_is_judged_by_its_bases():
    class Cancelled(Exception, metaclass=_MadeUpMro):
        pass

    fake = Cancelled()
    # What issubclass and isinstance believe: a CancelledError, and no exception at all.
    assert issubclass(Cancelled, asyncio.CancelledError) and not issubclass(Cancelled, BaseException)
    assert not instance_of(fake, asyncio.CancelledError)
    assert instance_of(fake, Exception) and instance_of(fake, (TimeoutError, BaseException))

    async def scenario(sim):
        async def swallows():
            return Cancelled()  # returned, not raised

        task = sim.spawn(swallows())
        return await settled(task)

    ended, = run(scenario)
    assert type(ended) is Returned and type(ended.value) is Cancelled


def test_same_and_shown_ask_a_solutions_metaclass_nothing():
    from course.testing import shown

    class Item(metaclass=_EqualClasses):
        pass

    assert Item in (int, str)  # what `kind in _PLAIN` would believe
    _EqualClasses.calls = 0
    assert not same(Item(), 0) and not same([Item()], [0]) and not same({1: Item()}, {1: 0})
    assert shown(Item()) == "<Item object>"
    assert _EqualClasses.calls == 0


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


def test_settled_tells_a_returned_exception_from_a_raised_one():
    # From red-team pass 41: gather(..., return_exceptions=True) shows a call that returns its
    # CancelledError (or error) object exactly as one that raised it.
    async def scenario(sim):
        async def returns_error():
            try:
                await asyncio.sleep(1)
            except asyncio.CancelledError as error:
                return error

        async def raises():
            await asyncio.sleep(0.001)
            raise ConnectionError("down")

        async def returns_value():
            return [1, 2]

        tasks = [sim.spawn(returns_error()), sim.spawn(asyncio.sleep(1)), sim.spawn(raises()),
                 sim.spawn(returns_value())]
        await asyncio.sleep(0)
        tasks[0].cancel()
        tasks[1].cancel()
        gathered = await asyncio.gather(*tasks, return_exceptions=True)
        return gathered, await settled(*tasks)

    gathered, ends = run(scenario)
    assert isinstance(gathered[0], asyncio.CancelledError)  # the blind spot settled() is for
    returned, cancelled, raised, value = ends
    assert isinstance(returned, Returned) and not isinstance(returned, BaseException)
    assert isinstance(returned.value, asyncio.CancelledError) and "(returned, not raised)" in repr(returned)
    assert type(cancelled) is asyncio.CancelledError
    assert type(raised) is ConnectionError and str(raised) == "down"
    assert value == [1, 2]


def test_settled_takes_tasks_only():
    async def scenario(sim):
        async def nothing():
            pass

        coro = nothing()
        try:
            await settled(coro)
        finally:
            coro.close()

    with pytest.raises(Exception, match=r"TypeError: settled\(\) takes tasks, not coroutine"):
        run(scenario)


class _EqualToAll:
    def __eq__(self, other):
        return True

    __hash__ = None


class _LyingInt(int):
    def __eq__(self, other):
        return True

    __hash__ = int.__hash__


def test_same_takes_the_expected_values_exact_types_then_its_value():
    # What `==` would believe, the solution's object on the left (route p04_zero_liar_eq).
    assert _EqualToAll() == [] and [_EqualToAll()] == [0] and [_LyingInt(5)] == [0]
    assert not same(_EqualToAll(), []) and not same([_EqualToAll()], [0]) and not same([_LyingInt(5)], [0])
    assert not same(None, []) and not same((), []) and not same([True], [1]) and not same([0.0], [0])
    assert not same([[0, 1, 2, _EqualToAll()]], [[0, 1, 2, 0]]) and not same([0, 1], [0, 1, 2])
    assert same([], []) and same([0, 1], [0, 1]) and same([[0, 1, 2, 0], [0, 1, 2, 0]], [[0, 1, 2, 0], [0, 1, 2, 0]])
    assert same(("a", None), ("a", None)) and same({"k": [1]}, {"k": [1]}) and not same({"k": _EqualToAll()}, {"k": 1})
    assert same({1, 2}, {1, 2}) and not same(frozenset({1}), {1})
    item = object()
    assert same([item], [item]) and not same([object()], [item])  # an object of the test's: only that very one


def test_defined_refuses_a_contract_class_name_bound_to_no_real_class():
    class Errors(tuple):
        __class__ = property(lambda self: type)

    class CircuitOpenError(RuntimeError):
        pass

    with pytest.raises(CheckFailed, match="must be a class"):
        defined("CircuitOpenError", namespace={"CircuitOpenError": Errors((CircuitOpenError, ValueError))})
    with pytest.raises(CheckFailed, match="derived from RuntimeError"):
        defined("CircuitOpenError", namespace={"CircuitOpenError": ValueError})
    with pytest.raises(CheckFailed, match="must be a class"):
        defined("TokenBucket", namespace={"TokenBucket": lambda rate, max_tokens: None})
    assert defined("CircuitOpenError", namespace={"CircuitOpenError": CircuitOpenError}) is CircuitOpenError
    assert defined("increment", namespace={"increment": 3}) == 3  # not a class name: as it is


class _GroupThatActs(ExceptionGroup):
    """An ExceptionGroup whose `exceptions` runs code of its own when read (red-team pass 119)."""

    reads = 0

    @property
    def exceptions(self):
        type(self).reads += 1
        return BaseExceptionGroup.exceptions.__get__(self)


class _HidesCause(RuntimeError):
    @property
    def __cause__(self):
        return None


class _LooksUpItsOwnWay(ConnectionError):
    def __getattribute__(self, name):
        return object.__getattribute__(self, name)


class _NamedBySubclass(str):
    def __hash__(self):
        return str.__hash__(self)


class _Hooked(type):
    """A metaclass whose `mro()` puts a class defining `exceptions` before ExceptionGroup, which the
    class was not built from."""

    def mro(cls):
        return (cls, _Parts, *ExceptionGroup.__mro__)


class _Parts:
    __slots__ = ()

    @property
    def exceptions(self):
        return ()


def test_an_exception_whose_class_redefines_a_part_the_checks_read_is_refused():
    """P01's check asked `instance_of(raised, BaseExceptionGroup)` and read `raised.exceptions` next:
    a group's property ran there and released a lock the call had leaked (route
    `p01_group_exceptions_release`). Asking what such an exception is fails the check, whichever part
    (BaseException's, BaseExceptionGroup's, OSError's), however it is reached (attribute lookup
    itself, a name of a str subclass, an MRO a metaclass made up), and runs none of its code."""
    group = _GroupThatActs("update failed", [ConnectionError("storage")])
    made = [group, _HidesCause("open"), _LooksUpItsOwnWay("reset"),
            type("Named", (Exception,), {_NamedBySubclass("note"): 1})("x")]
    with pytest.raises(CheckFailed, match="`exceptions`"):
        instance_of(group, BaseExceptionGroup)
    assert _GroupThatActs.reads == 0
    for error in made[1:]:
        with pytest.raises(CheckFailed, match="redefines"):
            instance_of(error, BaseException)
    hooked = _Hooked("Hooked", (ExceptionGroup,), {})("update failed", [ValueError()])
    with pytest.raises(CheckFailed, match="`exceptions`"):
        instance_of(hooked, ExceptionGroup)
    # Not asked about an exception class at all, or not of the class asked: no verdict on its parts.
    assert not instance_of(group, ValueError) and not instance_of(_HidesCause(), OSError)


def test_an_exception_class_that_adds_to_an_exception_is_taken_for_what_it_is():
    class CircuitOpenError(RuntimeError):
        message = "the circuit is open"  # (a part of BaseExceptionGroup's, not of RuntimeError's)

        def __init__(self, failures):
            super().__init__(f"open after {failures} failures")
            self.failures = failures

        def __str__(self):
            return self.message

    class Failed(ExceptionGroup):
        def derive(self, excs):
            return Failed(self.message, excs)

    assert instance_of(CircuitOpenError(3), RuntimeError)
    assert instance_of(Failed("failed", [ValueError()]), BaseExceptionGroup)
