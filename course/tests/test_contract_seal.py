"""course.testing._contract_seal on its own: what an object a test made of a contract class calls
under a contract method's name, whatever the object or its classes hold later (red-team pass 49's
transient shadow; the routes p09_transient_* grade it in real check processes)."""

from __future__ import annotations

import asyncio

import pytest

from course.testing import _contract_seal


class Lock:
    shared = 0

    def __init__(self) -> None:
        self.log: list[str] = []

    async def release(self) -> str:
        return "async release"

    def plain(self):
        return self.release()


def _sealed(cls: type = Lock) -> tuple[object, tuple]:
    sealer = _contract_seal.sealer()
    next(sealer)
    record = sealer.send((cls, ("release",)))
    assert _contract_seal.is_record(record), record
    obj = cls()
    _contract_seal.seal_object(obj, record)
    return obj, record


def test_an_object_cannot_shadow_a_contract_method():
    obj, record = _sealed()
    obj.__dict__["release"] = lambda: "plain"
    assert asyncio.run(obj.release()) == "async release"
    with pytest.raises(AttributeError, match="cannot replace it"):
        obj.release = lambda: "plain"
    assert _contract_seal.intact(obj, record) is None


def test_neither_class_can_replace_a_contract_method():
    obj, record = _sealed(type("Own", (Lock,), {}))
    student = type(obj).__mro__[1]
    student.release = Lock.plain  # the student's own class: the sealed one's entry comes first
    assert asyncio.run(obj.release()) == "async release"
    for attempt in (lambda: setattr(type(obj), "release", Lock.plain),
                    lambda: type.__setattr__(type(obj), "release", Lock.plain),
                    lambda: delattr(type(obj), "release"),
                    lambda: setattr(type(obj), "__getattribute__", lambda self, name: Lock.plain)):
        with pytest.raises(AttributeError):
            attempt()
    assert asyncio.run(obj.release()) == "async release"
    assert _contract_seal.intact(obj, record) is None


def test_other_class_attributes_stay_writable_and_shared():
    sealer = _contract_seal.sealer()
    next(sealer)
    record = sealer.send((Lock, ("release",)))
    assert sealer.send((Lock, ("release",))) is record  # one sealed class per class
    first, second = Lock(), Lock()
    _contract_seal.seal_object(first, record)
    _contract_seal.seal_object(second, record)
    type(first).shared = 7
    assert second.shared == 7 and type(first).__name__ == "Lock" and isinstance(first, Lock)
    assert _contract_seal.intact(first, record) is None


def test_a_change_put_back_is_seen():
    obj, record = _sealed(type("Own", (Lock,), {}))
    meta = type(type(obj))
    keep = meta.__dict__["mro"]
    meta.mro = lambda cls: type.mro(cls)
    meta.mro = keep  # put back: the metaclass's namespace moved all the same
    assert "metaclass" in _contract_seal.intact(obj, record)


def test_new_bases_are_seen():
    class Base:
        pass

    own = type("Own", (Lock, Base), {})
    obj, record = _sealed(own)
    own.__bases__ = (Lock, Base)  # the same bases: a new __mro__ all the same
    assert "bases" in _contract_seal.intact(obj, record)


def test_another_class_is_seen_and_the_marks_are_read_without_running_code():
    obj, record = _sealed()
    assert _contract_seal.sealed_by_contract(type(obj)) and _contract_seal.sealed_by_contract(type(type(obj)))
    assert not _contract_seal.sealed_by_contract(Lock) and not _contract_seal.sealed_by_contract(obj)
    object.__dict__["__class__"].__set__(obj, Lock)
    assert "another class" in _contract_seal.intact(obj, record)


def test_a_class_that_refuses_subclassing_is_answered_not_raised():
    class Final(Lock):
        def __init_subclass__(cls, **kwargs):
            raise TypeError("no subclasses")

    sealer = _contract_seal.sealer()
    next(sealer)
    answer = sealer.send((Final, ("release",)))
    assert isinstance(answer, TypeError) and not _contract_seal.is_record(answer)
    assert _contract_seal.is_record(sealer.send((Lock, ("release",))))  # the sealer goes on
    assert not _contract_seal.is_record((1, 2, 3, 4, 5, 6, ()))


def test_what_the_class_does_while_its_sealed_subclass_is_made_is_refused():
    # Red-team pass 55 (route p09_init_subclass_unseal): the class's `__init_subclass__` runs inside
    # type.__new__, with the sealed class, before anything was recorded.
    class Unsealing(Lock):
        def __init_subclass__(cls, **kwargs):
            super().__init_subclass__(**kwargs)
            meta = type(cls)
            if "release" in meta.__dict__:
                type.__delattr__(meta, "release")
                type.__delattr__(cls, "release")
                type.__setattr__(cls, "release", Lock.plain)

    class Unbasing(Lock):
        def __init_subclass__(cls, **kwargs):
            cls.__bases__ = (Lock,)  # the sealed class no longer derives from the student's

    class Meta(type):
        def __init_subclass__(meta, **kwargs):  # runs as the sealed metaclass is made
            super().__init_subclass__(**kwargs)
            type.__delattr__(meta, "release")

    class Metaclassed(Lock, metaclass=Meta):
        pass

    for cls in (Unsealing, Unbasing, Metaclassed):
        sealer = _contract_seal.sealer()
        next(sealer)
        answer = sealer.send((cls, ("release",)))
        assert isinstance(answer, TypeError) and "changed while it was made" in str(answer), (cls, answer)


def test_a_sealed_class_whose_contract_entry_was_replaced_is_not_intact():
    obj, record = _sealed(type("Own", (Lock,), {}))
    # What only `gc` reaches (the dict behind the class's mappingproxy): intact reads the entries.
    _contract_seal._dict_behind(type(obj))["release"] = _contract_seal.ContractMethod(Lock.plain)
    assert "changed" in _contract_seal.intact(obj, record)


def test_the_sealer_answers_each_request_for_the_methods_it_names():
    # Red-team pass 55 (route p09_sealer_fewer_methods): asked first with one method, the sealer
    # handed that record to every later request for the class.
    class Two(Lock):
        async def acquire(self) -> None:
            pass

    sealer = _contract_seal.sealer()
    next(sealer)
    fewer = sealer.send((Two, ("acquire",)))
    both = sealer.send((Two, ("acquire", "release")))
    assert _contract_seal.sealed_names(fewer) == ("acquire",)
    assert _contract_seal.sealed_names(both) == ("acquire", "release") and both is not fewer
    assert sealer.send((Two, ("acquire", "release"))) is both

    class Name(str):
        __hash__ = str.__hash__

        def __eq__(self, other):
            return True

    for request in ((Two, [Name("release")]), (Two, (Name("release"),)), (Two,), "Two"):
        assert isinstance(sealer.send(request), TypeError), request
