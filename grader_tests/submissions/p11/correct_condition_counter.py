# expect: full marks
import asyncio


class _Lease:
    """The async context manager that pool.resource() returns."""

    def __init__(self, pool):
        self.pool = pool
        self.resource = None

    async def __aenter__(self):
        self.resource = await self.pool.checkout()
        return self.resource

    async def __aexit__(self, *exc_info):
        await self.pool.checkin(self.resource)
        return False


class HealthyPool:
    """A condition guards a count of resources out; resources are made on demand."""

    def __init__(self, size, factory):
        self.size = size
        self.factory = factory
        self.free = []
        self.out = []
        self.ids = 0
        self.changed = asyncio.Condition()

    async def checkout(self):
        async with self.changed:
            await self.changed.wait_for(lambda: len(self.out) < self.size)
            while self.free:
                resource = self.free.pop()
                if resource.check_health():
                    break
                resource.close()
            else:
                self.ids += 1
                resource = self.factory(self.ids)
            self.out.append(resource)
            return resource

    async def checkin(self, resource):
        async with self.changed:
            if not any(r is resource for r in self.out):
                raise ValueError(f"{resource!r} did not come from this pool")
            self.out = [r for r in self.out if r is not resource]
            if resource.check_health():
                self.free.append(resource)
            else:
                resource.close()
            # Everyone re-checks: a waiter cancelled after a notify() cannot swallow the wake-up.
            self.changed.notify_all()

    def resource(self):
        return _Lease(self)
