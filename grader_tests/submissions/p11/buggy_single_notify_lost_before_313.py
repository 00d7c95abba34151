# expect: p11_test_cancel
# expect on 3.13: full marks
# A condition guards the list of resources out: checkout() waits with wait_for until fewer
# than `size` are out, checkin() wakes one waiter with notify(). On Python 3.11 and 3.12, a
# checkout woken by that notify() and cancelled before it runs takes the wake-up with it
# (CPython gh-112202): the next waiting checkout sleeps on while a resource sits idle.
# Python 3.13's Condition passes the wake-up on, and there this pool is correct.
import asyncio
import contextlib


class HealthyPool:
    def __init__(self, size, factory):
        self.size = size
        self.factory = factory
        self.cond = asyncio.Condition()
        self.out = []
        self.idle = []
        self.made = 0

    async def checkout(self):
        async with self.cond:
            await self.cond.wait_for(lambda: len(self.out) < self.size)
            resource = None
            while self.idle and resource is None:
                candidate = self.idle.pop()
                if candidate.check_health():
                    resource = candidate
                else:
                    candidate.close()
            if resource is None:
                self.made += 1
                resource = self.factory(self.made)
            self.out.append(resource)
            return resource

    async def checkin(self, resource):
        async with self.cond:
            if not any(r is resource for r in self.out):
                raise ValueError("not checked out from this pool")
            self.out = [r for r in self.out if r is not resource]
            self.idle.append(resource)
            self.cond.notify()

    @contextlib.asynccontextmanager
    async def resource(self):
        resource = await self.checkout()
        try:
            yield resource
        finally:
            await self.checkin(resource)
