# expect: p11_test_foreign
# Like buggy_handoff_skips_ownership, but the hand-over path (a checkout waiting) does refuse strangers:
# it checks that this pool lent the resource once, not that it is out now. A resource checked in
# already, or found dead, closed and replaced, is accepted again while a checkout waits and handed to
# it: the pool then lends size + 1 at once (or a dead one). Buggy: "a resource ... not out now (checked
# in already) raises ValueError". Made to prove the kind is caught, not only the row: p11_test_foreign's
# stale check-in is now also tried while a checkout waits. 20/20 before, 17/20 now.
# found by red-team pass 39 (a sibling of finding p11_handoff_skips_ownership)
import asyncio
import contextlib
from collections import deque


class HealthyPool:
    def __init__(self, size: int, factory) -> None:
        self._factory = factory
        self._free = size          # slots nobody holds
        self._idle = deque()       # idle resources
        self._out = {}             # id -> resource, out now
        self._waiters = deque()    # futures of waiting checkouts
        self._next_id = 0
        self._ever = {}            # id -> resource, every resource this pool ever lent

    def _fresh(self, resource):
        """A healthy resource: this one if it is, else a new one (the dead one is closed)."""
        if resource is not None and resource.check_health():
            return resource
        if resource is not None:
            resource.close()
        while self._idle:
            candidate = self._idle.popleft()
            if candidate.check_health():
                return candidate
            candidate.close()
        made = self._factory(self._next_id)
        self._next_id += 1
        return made

    async def checkout(self):
        if self._free > 0 and not self._waiters:
            self._free -= 1
            got = None
        else:
            fut = asyncio.get_running_loop().create_future()
            self._waiters.append(fut)
            try:
                got = await fut
            except asyncio.CancelledError:
                if fut.done() and not fut.cancelled():
                    # handed a slot (and maybe a resource) just before the cancel: pass it on
                    self._give(fut.result())
                else:
                    with contextlib.suppress(ValueError):
                        self._waiters.remove(fut)
                raise
            # got is a resource handed over, or None for a bare slot
        try:
            resource = self._fresh(got)
        except BaseException:
            self._give(None)
            raise
        self._out[id(resource)] = resource
        self._ever[id(resource)] = resource
        return resource

    def _give(self, resource):
        """Hand a slot (with `resource`, or None) to the next waiter, or free it."""
        while self._waiters:
            fut = self._waiters.popleft()
            if not fut.done():
                fut.set_result(resource)
                return
        if resource is not None:
            self._idle.append(resource)
        self._free += 1

    async def checkin(self, resource) -> None:
        if self._waiters:
            # someone waits: hand it over at once (BUG: checks that this pool lent it once, not that it is out now)
            if self._ever.get(id(resource)) is not resource:
                raise ValueError(f"{resource!r} did not come from this pool")
            self._out.pop(id(resource), None)
            self._give(resource)
            return
        if self._out.pop(id(resource), None) is not resource:
            raise ValueError(f"{resource!r} is not checked out from this pool")
        self._give(resource)

    @contextlib.asynccontextmanager
    async def resource(self):
        r = await self.checkout()
        try:
            yield r
        finally:
            await self.checkin(r)
