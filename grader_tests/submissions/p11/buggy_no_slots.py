# expect: p11_test_visible p11_test_bounded p11_test_cancel p11_test_foreign p11_test_all_free
# No slots: every checkout makes a fresh resource at once, every checkin closes it. It
# never lends an unhealthy resource (it never reuses one), which is checked and earned;
# but no checkout ever waits, so nothing about waiting or freeing slots can be.
import contextlib


class HealthyPool:
    def __init__(self, size, factory):
        self.factory, self.made, self.out = factory, 0, {}

    async def checkout(self):
        self.made += 1
        resource = self.factory(self.made)
        self.out[id(resource)] = resource
        return resource

    async def checkin(self, resource):
        if self.out.pop(id(resource), None) is not resource:
            raise ValueError(f"{resource!r} was not lent by this pool")
        resource.close()

    @contextlib.asynccontextmanager
    async def resource(self):
        resource = await self.checkout()
        try:
            yield resource
        finally:
            await self.checkin(resource)
