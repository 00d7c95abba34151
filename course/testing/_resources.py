"""`ResourceFactory`: a pool's `factory` whose products a check can audit.

Runs beside student code (the sandbox side): a pool under test gets a factory
from the check (`sim.resources()`). Each resource it makes is healthy for
`lifetime` virtual seconds, or until the check breaks it or the pool closes
it. The check reports each checkout (`taken`) and each check-in (`returned`);
the factory keeps the facts the invariants are about: how many were out at
once, whether a handed-out resource was unhealthy, closed, shared with another
holder or not made by this factory, and which resources were never closed.

Where those facts live. In a notebook, on the objects (a `_Books` each). In a
check process's run (a ledger on the stack: see `_trace`), the pool under test holds the factory and
every resource, so nothing it can reach may hold a fact a check relies on:
the books of a factory the test made are kept in the run's ledger (a local of
the runner's frame, see `_trace`), found through the frames above the call,
and every question is answered from there. A solution can still call
`close()`, `check_health()` and `factory(id)`, which is what they are for;
setting `made_at`, `peak` or `handouts` on an object changes no answer, and
`taken`/`returned` count only when the test code calls them (from anywhere
else they make the run fail, as a forged trace event does).
"""

from __future__ import annotations

import math
import sys
from dataclasses import dataclass
from typing import Any, Callable

from . import _trace
from ._descriptors import FixedProperty
from ._identity import identity
from ._records import record_repr

_getframe = sys._getframe


class _Books:
    """What a factory made and lent: `made` (resources, in order), `facts` (identity(resource) ->
    [made_at, closed_at, broken, health_checks, id, number]), `handouts` (tuples for `Handout`),
    `holders` (identity(resource) -> holder, while out) and the `peak` of `holders`."""

    __slots__ = ("clock", "lifetime", "made", "facts", "handouts", "holders", "peak")

    def __init__(self, clock: Callable[[], float], lifetime: float) -> None:
        self.clock, self.lifetime = clock, lifetime
        self.made: list = []
        self.facts: dict[int, list] = {}
        self.handouts: list[tuple] = []
        self.holders: dict[int, str] = {}
        self.peak = 0


def _called_by_tests(ledger) -> bool:
    """Whether the first frame above this module's own (who called the factory or the resource),
    told by code object (`ledger.harness`), not by file name, is test code calling it by name
    (`_trace.called_by_tests`)."""
    entry, frame = _trace.first_caller_outside(ledger, _getframe(1), "_resources")
    found = frame is not None and _trace.called_by_tests(ledger, frame, entry)
    entry = frame = None
    return found


# The three helpers below hand what the ledger keeps to their caller: only to a method of this
# module (`caller`, its frame: see `_trace.find_ledger_for`); called by anything else, they
# answer as outside a run.
def _kept(factory: "ResourceFactory", caller):
    """(ledger, books) if the run's ledger keeps `factory`'s books, else (ledger or None, None)."""
    ledger = _trace.find_ledger_for(_getframe(), caller)
    kept = ledger.resources.get(identity(factory)) if ledger is not None else None
    return ledger, (kept[1] if kept is not None else None)


def _books_of(factory: "ResourceFactory", caller) -> _Books:
    """The books a question about `factory` is answered from (see the module docstring)."""
    ledger = _trace.find_ledger_for(_getframe(), caller)
    kept = ledger.resources.get(identity(factory)) if ledger is not None else None
    return kept[1] if kept is not None else object.__getattribute__(factory, "_books")


def _facts_of(resource: "TrackedResource", caller) -> tuple[_Books, list]:
    """(books, facts) of `resource`: the ledger's if a factory the test made made it (whatever
    the resource now says its factory is), else the resource's own."""
    ledger = _trace.find_ledger_for(_getframe(), caller)
    if ledger is not None:
        kept = ledger.tracked.get(identity(resource))
        if kept is not None:
            return kept[1], kept[2]
    factory = object.__getattribute__(resource, "_factory")
    return object.__getattribute__(factory, "_books"), object.__getattribute__(resource, "_facts")


class TrackedResource:
    """A resource with `check_health()` and `close()`, as the course's pools expect.

    `id` is what the pool passed to the factory; `number` the factory's own count.
    `made_at` and `closed_at` are virtual seconds (None while open); `broken` can be
    set True (the check breaks a resource) and never back."""

    # __weakref__: a pool may keep notes on its resources in a WeakKeyDictionary, as it can on any
    # class of its own (red-team pass 36: a correct pool doing so lost every point). __dict__: a pool
    # may also write attributes of its own on them (`resource._lent_by = self`), as it can on the
    # notebook's `Resource` (red-team pass 39: such a pool scored 0/20 on an AttributeError). No
    # answer reads one: the facts live in the books, read through properties (data descriptors, which
    # an instance attribute cannot shadow), and no check calls a resource's methods for a verdict.
    __slots__ = ("_factory", "_facts", "__weakref__", "__dict__")

    def __init__(self, factory: "ResourceFactory", facts: list | None) -> None:
        self._factory = factory
        self._facts = facts

    # `id` and `number` are facts too, read-only: a test cell reads `id` back from a resource the pool
    # holds to make its twin (`factory(held[0].id)`, p11_test_foreign), and as a slot of the resource a
    # pool rewrote it after lending it (route p11_renamed_resource_id): the twin carried an id never lent.
    @FixedProperty
    def id(self) -> Any:
        return _facts_of(self, _getframe())[1][4]

    @FixedProperty
    def number(self) -> int:
        return _facts_of(self, _getframe())[1][5]

    @FixedProperty
    def made_at(self) -> float:
        return _facts_of(self, _getframe())[1][0]

    @FixedProperty
    def closed_at(self) -> float | None:
        return _facts_of(self, _getframe())[1][1]

    @FixedProperty
    def broken(self) -> bool:
        return _facts_of(self, _getframe())[1][2]

    @broken.setter
    def broken(self, value: bool) -> None:
        if not value:
            raise AttributeError("a broken resource stays broken: `broken` can only be set to True")
        _facts_of(self, _getframe())[1][2] = True

    @FixedProperty
    def health_checks(self) -> int:
        """How many times `check_health()` was called."""
        return _facts_of(self, _getframe())[1][3]

    def healthy(self) -> bool:
        """The truth, without counting as a health check."""
        books, facts = _facts_of(self, _getframe())
        return facts[1] is None and not facts[2] and books.clock() - facts[0] < books.lifetime

    def check_health(self) -> bool:
        books, facts = _facts_of(self, _getframe())
        facts[3] += 1
        return facts[1] is None and not facts[2] and books.clock() - facts[0] < books.lifetime

    def close(self) -> None:
        books, facts = _facts_of(self, _getframe())
        if facts[1] is None:
            facts[1] = books.clock()

    def __repr__(self) -> str:
        return f"<resource #{self.number}>"


@dataclass(repr=False, unsafe_hash=True)  # (not frozen: no closure cells, see _records)
class Handout:
    """One checkout as the check saw it (`time` in virtual seconds)."""

    time: float
    resource: Any
    holder: str
    ours: bool       # made by this factory
    healthy: bool    # at the moment it was handed out
    closed: bool     # already closed when handed out
    shared_with: str | None  # another holder still had it

    __repr__ = record_repr


class ResourceFactory:
    """`factory(resource_id)` for a pool under test, recording what it made and who holds what.

    `clock()` gives virtual seconds; a resource is healthy for `lifetime` of them."""

    __slots__ = ("_books",)

    def __getattr__(self, attribute: str) -> Any:
        # The names a plain function has (a pool may log `factory.__name__`): the contract's name.
        if attribute in ("__name__", "__qualname__"):
            return "factory"
        raise AttributeError(f"{type(self).__name__!r} object has no attribute {attribute!r}")

    def __init__(self, clock: Callable[[], float], lifetime: float = math.inf) -> None:
        self._books = _Books(clock, lifetime)

    def __call__(self, resource_id: Any) -> TrackedResource:
        ledger, books = _kept(self, _getframe())
        own = books is None
        if own:
            books = object.__getattribute__(self, "_books")
        facts = [books.clock(), None, False, 0, resource_id, len(books.made)]
        # A resource of a factory the test made holds no facts of its own (the pool holds it).
        resource = TrackedResource(self, facts if own else None)
        books.made.append(resource)
        books.facts[identity(resource)] = facts  # `made` keeps the resource alive: the key stays its own
        if not own:
            ledger.tracked[identity(resource)] = (resource, books, facts)
        return resource

    @FixedProperty
    def lifetime(self) -> float:
        return _books_of(self, _getframe()).lifetime

    @FixedProperty
    def made(self) -> list[TrackedResource]:
        """Every resource made, in order (a new list each time)."""
        return list(_books_of(self, _getframe()).made)

    @FixedProperty
    def handouts(self) -> list[Handout]:
        """Every checkout reported with `taken`, in order (new objects each time)."""
        return [Handout(*handout) for handout in _books_of(self, _getframe()).handouts]

    @FixedProperty
    def holders(self) -> dict[int, str]:
        """identity(resource) -> holder, for each resource out now (a copy)."""
        return dict(_books_of(self, _getframe()).holders)

    @FixedProperty
    def peak(self) -> int:
        """The most resources out at once."""
        return _books_of(self, _getframe()).peak

    @FixedProperty
    def in_use(self) -> int:
        return len(_books_of(self, _getframe()).holders)

    def _by_the_checks(self, method: str) -> _Books | None:
        """The books to record in, or None when a solution called `method` on a factory the
        test made (noted as forged: the run fails)."""
        ledger, books = _kept(self, _getframe())
        if books is None:
            return object.__getattribute__(self, "_books")
        if not _called_by_tests(ledger):
            ledger.forged.append(f"ResourceFactory.{method} called by the solution")
            return None
        return books

    def taken(self, resource: Any, holder: str) -> None:
        """Record that a checkout just handed `resource` to `holder` (test code only)."""
        books = self._by_the_checks("taken")
        if books is None:
            return
        facts = books.facts.get(identity(resource))
        ours = facts is not None and any(resource is made for made in books.made)
        healthy = ours and facts[1] is None and not facts[2] and books.clock() - facts[0] < books.lifetime
        books.handouts.append((books.clock(), resource, holder, ours, healthy, ours and facts[1] is not None,
                               books.holders.get(identity(resource))))
        books.holders[identity(resource)] = holder
        books.peak = max(books.peak, len(books.holders))

    def returned(self, resource: Any) -> None:
        """Record that the holder of `resource` is about to check it in (test code only)."""
        books = self._by_the_checks("returned")
        if books is not None:
            books.holders.pop(identity(resource), None)

    def still_open(self) -> list[TrackedResource]:
        books = _books_of(self, _getframe())
        return [r for r in books.made if books.facts[identity(r)][1] is None]


def register(factory: ResourceFactory, lifetime: float) -> ResourceFactory:
    """In a check process, keep `factory`'s books in the run's ledger, on the ledger's clock,
    when test code made it (`Simulation.resources`); elsewhere, nothing."""
    ledger = _trace.find_ledger(_getframe())
    if ledger is None:
        return factory
    entry, frame = _trace.first_caller_outside(ledger, _getframe())
    if frame is not None and _trace.called_by_tests(ledger, frame, entry) and _trace.genuine(ledger, frame):
        ledger.resources[identity(factory)] = (factory, _Books(ledger.clock, lifetime))
    entry = frame = None
    return factory
