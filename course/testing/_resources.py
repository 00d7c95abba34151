"""`ResourceFactory`: a pool's `factory` whose products a check can audit.

A resource pool under test gets a factory from the check. Each resource it
makes is healthy for `lifetime` virtual seconds, or until the check breaks
it or the pool closes it. The check reports each checkout (`taken`) and each
check-in (`returned`); the factory keeps the facts the invariants are about:
how many were out at once, whether a handed-out resource was unhealthy,
closed, shared with another holder or not made by this factory, and which
resources were never closed.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Callable


class TrackedResource:
    """A resource with `check_health()` and `close()`, as the course's pools expect."""

    def __init__(self, factory: "ResourceFactory", resource_id: Any, number: int) -> None:
        self.id = resource_id
        self.number = number  # the factory's own count, whatever id the pool passed
        self._factory = factory
        self.made_at = factory.clock()
        self.closed_at: float | None = None
        self.broken = False
        self.health_checks = 0

    def healthy(self) -> bool:
        """The truth, without counting as a health check."""
        age = self._factory.clock() - self.made_at
        return self.closed_at is None and not self.broken and age < self._factory.lifetime

    def check_health(self) -> bool:
        self.health_checks += 1
        return self.healthy()

    def close(self) -> None:
        if self.closed_at is None:
            self.closed_at = self._factory.clock()

    def __repr__(self) -> str:
        return f"<resource #{self.number}>"


@dataclass(frozen=True)
class Handout:
    """One checkout as the check saw it."""

    time: float
    resource: Any
    holder: str
    ours: bool       # made by this factory
    healthy: bool    # at the moment it was handed out
    closed: bool     # already closed when handed out
    shared_with: str | None  # another holder still had it


class ResourceFactory:
    """`factory(resource_id)` for a pool under test, recording what it made and who holds what."""

    def __init__(self, clock: Callable[[], float], lifetime: float = math.inf) -> None:
        self.clock = clock
        self.lifetime = lifetime
        self.made: list[TrackedResource] = []
        self.handouts: list[Handout] = []
        self.holders: dict[int, str] = {}  # id(resource) -> holder, while out
        self.peak = 0

    def __call__(self, resource_id: Any) -> TrackedResource:
        resource = TrackedResource(self, resource_id, len(self.made))
        self.made.append(resource)
        return resource

    @property
    def in_use(self) -> int:
        return len(self.holders)

    def taken(self, resource: Any, holder: str) -> None:
        """Record that a checkout just handed `resource` to `holder`."""
        ours = isinstance(resource, TrackedResource) and resource._factory is self
        self.handouts.append(Handout(
            self.clock(), resource, holder, ours, ours and resource.healthy(),
            ours and resource.closed_at is not None, self.holders.get(id(resource))))
        self.holders[id(resource)] = holder
        self.peak = max(self.peak, len(self.holders))

    def returned(self, resource: Any) -> None:
        """Record that the holder of `resource` is about to check it in."""
        self.holders.pop(id(resource), None)

    def still_open(self) -> list[TrackedResource]:
        return [r for r in self.made if r.closed_at is None]
