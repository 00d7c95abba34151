# expect: p11_test_cancel
# The same kind as red-team pass 40's findings, on the health-check path: `size` resources made up front in an
# asyncio.Queue (the queue is the limit, as in correct_queue_up_front), but a dead one is closed and replaced
# by a factory() call in asyncio.to_thread, with no try/except: a checkout cancelled while the replacement is
# being made has taken the queue's item (the slot) and closed it, and puts nothing back. A pool of size 1 then
# makes every later checkout wait forever. Only a checkout that finds a dead idle resource reaches that await,
# which no cancellation check reached before.
import asyncio
import contextlib


class HealthyPool:
    def __init__(self, size, factory):
        self.factory = factory
        self.idle = asyncio.Queue()
        self.lent = set()
        self.made = size
        for number in range(size):
            self.idle.put_nowait(factory(number))

    async def checkout(self):
        resource = await self.idle.get()
        if not resource.check_health():
            resource.close()
            self.made += 1
            # BUG: cancelled here, the slot (the queue's item) is gone for good
            resource = await asyncio.to_thread(self.factory, self.made)
        self.lent.add(resource)
        return resource

    async def checkin(self, resource):
        if resource not in self.lent:
            raise ValueError("this resource was not lent by this pool")
        self.lent.remove(resource)
        self.idle.put_nowait(resource)

    @contextlib.asynccontextmanager
    async def resource(self):
        r = await self.checkout()
        try:
            yield r
        finally:
            await self.checkin(r)
