# baseline: submissions/p11/buggy_owner_by_id.py
# P11 finding (fix32, the kind of red-team pass 60's p03_renamed_event): p11_test_foreign makes its twin of
# a lent resource with `factory(held[0].id)`, the id read back from the resource the pool holds, and `id`
# was a plain slot of TrackedResource the pool may rewrite. The pool of buggy_owner_by_id recognizes its
# resources by id (a twin with a lent one's id is accepted); it renames each resource it lends, keeping the
# real id aside: the test's twin carries an id that was never lent, and is refused.
import asyncio
import contextlib
import itertools
from collections import deque

_ids = itertools.count()  # unique ids for every resource of every pool


class HealthyPool:
    def __init__(self, size: int, factory) -> None:
        self._factory = factory
        self._slots = asyncio.Semaphore(size)
        self._idle = deque()
        self._out_ids = set()

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
                resource = self._factory(next(_ids))
        except BaseException:
            self._slots.release()
            raise
        real = vars(resource).setdefault("_real_id", resource.id)
        self._out_ids.add(real)
        try:
            resource.id = ("lent", real)  # the test's twin is made with this: never lent
        except Exception:
            pass
        return resource

    async def checkin(self, resource) -> None:
        real = getattr(resource, "__dict__", {}).get("_real_id", getattr(resource, "id", None))
        if real not in self._out_ids:
            raise ValueError(f"{resource!r} is not checked out from this pool")
        self._out_ids.discard(real)
        self._idle.append(resource)
        self._slots.release()

    @contextlib.asynccontextmanager
    async def resource(self):
        resource = await self.checkout()
        try:
            yield resource
        finally:
            await self.checkin(resource)
