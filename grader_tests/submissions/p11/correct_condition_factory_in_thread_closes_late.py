# expect: full marks
# A condition-guarded counter pool (as correct_condition_counter) that opens new resources in a worker thread
# (asyncio.to_thread(factory, id)), reserving the slot first (`making` counts checkouts making one). Cancelled
# while the thread runs, a checkout gives the reservation back at once and closes the resource the thread made
# when it arrives (the thread's future is shielded from the cancellation): no slot lost, nothing left open.
# The close-it counterpart of correct_factory_in_thread_shielded (which keeps it idle); both are fair answers
# to red-team pass 40's checks (p11_test_cancel's cancelled_on_every_path).
import asyncio
import contextlib


def _close_late(making):
    if not making.cancelled() and making.exception() is None:
        making.result().close()


class HealthyPool:
    def __init__(self, size, factory):
        self.size = size
        self.factory = factory
        self.free = []
        self.out = []
        self.making = 0
        self.ids = 0
        self.changed = asyncio.Condition()

    async def checkout(self):
        async with self.changed:
            await self.changed.wait_for(lambda: len(self.out) + self.making < self.size)
            while self.free:
                resource = self.free.pop()
                if resource.check_health():
                    self.out.append(resource)
                    return resource
                resource.close()
            self.making += 1
            self.ids += 1
            number = self.ids
        making = asyncio.ensure_future(asyncio.to_thread(self.factory, number))
        try:
            resource = await asyncio.shield(making)
        except BaseException:
            making.add_done_callback(_close_late)
            async with self.changed:  # (the lock is free by now, or soon: nobody holds it across an await)
                self.making -= 1
                self.changed.notify_all()
            raise
        async with self.changed:
            self.making -= 1
            self.out.append(resource)
        return resource

    async def checkin(self, resource):
        async with self.changed:
            if not any(r is resource for r in self.out):
                raise ValueError(f"{resource!r} did not come from this pool")
            self.out = [r for r in self.out if r is not resource]
            self.free.append(resource)
            self.changed.notify_all()

    @contextlib.asynccontextmanager
    async def resource(self):
        resource = await self.checkout()
        try:
            yield resource
        finally:
            await self.checkin(resource)
