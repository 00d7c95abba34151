# expect: p11_test_foreign
# checkin() checks ownership (ValueError for a resource not out from this pool) only when no checkout
# waits; with a checkout waiting, whatever is checked in is handed straight to it: a stranger (another
# pool's resource, one the same factory made outside the pool) is accepted and lent, and the pool then
# lends size + 1 at once. Buggy: "a resource that did not come from this pool ... raises ValueError",
# whatever else is going on. 20/20 before (strangers were only checked in with no checkout waiting),
# 17/20 now (p11_test_foreign refuses strangers, and a stale check-in, also while a checkout waits).
# found by red-team pass 39 (finding p11_handoff_skips_ownership)
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
            # someone waits: hand it over at once (BUG: ownership never checked on this path)
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
