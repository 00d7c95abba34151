# expect: p11_test_visible p11_test_bounded p11_test_healthy p11_test_cancel p11_test_foreign p11_test_all_free
# The starter left empty: checkout() returns None at once and checkin() accepts
# anything. "A cancelled checkout leaks no slot" and "every slot is free at the end"
# hold for a pool with no slots at all; they earn nothing here.
import contextlib


class HealthyPool:
    def __init__(self, size, factory):
        pass

    async def checkout(self):
        return None

    async def checkin(self, resource):
        pass

    @contextlib.asynccontextmanager
    async def resource(self):
        yield None
