# expect: full marks
# Red-team pass 36, a correct solution graded unfairly before: P11 (weaker than the others: the contract does not list weak references among what a resource
# supports): a correct pool that keeps per-resource notes in a weakref.WeakKeyDictionary loses every point.
# Scored before the fix: 0/20 (every cell: "TypeError: cannot create weak reference to 'TrackedResource' object").
# Fair score: 20/20.
# The reference solution plus `self._lent_at = weakref.WeakKeyDictionary()` (when each resource was last lent,
# notes that never keep a dropped resource alive), written in checkout().
# Contract: CURRICULUM P11 "factory(resource_id: int) ... returns a new resource (the `Resource` class is one)";
# statement: "A resource equals only itself (as `Resource` objects do), so `is`, `==`, `in` and sets all tell
# resources apart". The given `Resource` (and any ordinary class a factory might return) is weak-referenceable
# and hashable, and the demo runs fine; the checks' TrackedResource (course/testing/_resources.py) declares
# __slots__ without "__weakref__". A fix: add "__weakref__" to TrackedResource.__slots__ (a weak reference
# reaches nothing the pool does not hold already). (Setting an attribute on a resource, `resource.lent_at = t`,
# fails the same way (AttributeError, 0/20); that one relies on more than the contract promises, so it is not
# claimed here.)
import asyncio
import contextlib
import time
import weakref
from collections import deque


class HealthyPool:
    """The reference, plus per-resource bookkeeping (when it was last lent) in a WeakKeyDictionary,
    so the pool's notes never keep a resource alive."""

    def __init__(self, size: int, factory) -> None:
        self._factory = factory
        self._slots = asyncio.Semaphore(size)
        self._idle = deque()
        self._out = {}
        self._next_id = 0
        self._lent_at = weakref.WeakKeyDictionary()

    async def checkout(self):
        await self._slots.acquire()
        try:
            resource = None
            while resource is None and self._idle:
                candidate = self._idle.popleft()
                if candidate.check_health():
                    resource = candidate
                else:
                    candidate.close()
            if resource is None:
                resource = self._factory(self._next_id)
                self._next_id += 1
        except BaseException:
            self._slots.release()
            raise
        self._out[id(resource)] = resource
        self._lent_at[resource] = time.monotonic()
        return resource

    async def checkin(self, resource) -> None:
        if self._out.pop(id(resource), None) is not resource:
            raise ValueError(f"{resource!r} is not checked out from this pool")
        self._idle.append(resource)
        self._slots.release()

    @contextlib.asynccontextmanager
    async def resource(self):
        resource = await self.checkout()
        try:
            yield resource
        finally:
            await self.checkin(resource)
