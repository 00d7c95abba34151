# baseline: submissions/p11/buggy_ping_cancel_drops_open_resource.py
# Route (buying the left-alone allowance, red-team pass 104's kind, P11's member): p11_test_cancel judged the
# runs that cancel a checkout against the same run with the checkout left alone (dropped-open resources and
# open ones past `size` allowed as many as there). This pool drops one resource open on purpose in that run
# alone (a checkout named "victim" seen, no cancellation yet, then the "final-" checkouts), so the baseline's
# resource dropped open when a ping is cancelled was forgiven. Now, where p11_test_healthy held, no run may
# keep any such.
import asyncio


def _me():
    task = asyncio.current_task()
    return task.get_name() if task is not None else ""
import contextlib
from collections import deque


class HealthyPool:
    """Reference pool, but check_health() (a network ping in real life) runs in a worker thread
    so a slow ping never blocks the event loop."""

    def __init__(self, size: int, factory) -> None:
        self._factory = factory
        self._slots = asyncio.Semaphore(size)
        self._idle = deque()
        self._out = {}
        self._next_id = 0

    async def checkout(self):
        name = _me()
        if name == "victim":
            self._victim_seen = True
        elif name.startswith("final-") and getattr(self, "_victim_seen", False) \
                and not getattr(self, "_cancel_seen", False) and not getattr(self, "_leaked", False):
            # The run that left the checkout alone: drop one resource open on purpose, to buy the allowance.
            self._leaked = True
            self._factory(10_000)
        try:
            await self._slots.acquire()
        except asyncio.CancelledError:
            self._cancel_seen = True
            raise
        try:
            resource = None
            while resource is None and self._idle:
                candidate = self._idle.popleft()
                try:
                    healthy = await asyncio.to_thread(candidate.check_health)
                except BaseException:
                    self._cancel_seen = True
                    raise  # BUG: the candidate popped from idle is dropped, open
                if healthy:
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
