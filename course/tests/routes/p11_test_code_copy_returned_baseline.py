# Baseline of p11_test_code_copy_returned.py: the same pool without its forged check-in reports (it lends an
# overflow resource beyond size under a burst: p11_test_bounded fails, 16/20).
import types as _types

_TEST_FN = 'async def never_more_than_size_out(sim):\n    """with many requests (checkout/checkin and `async with pool.resource()`), at most `size` resources are out at once, each with one holder"""\n    rng = random.Random(sim.seed)\n    for size in (1, 2, 3):\n        factory = sim.resources()\n        pool = HealthyPool(size, factory)\n\n        async def request(name):\n            await asyncio.sleep(rng.choice((0, 0, 0.001, 0.005)))\n            if rng.random() < 0.5:\n                resource = await pool.checkout()\n                factory.taken(resource, name)\n                await asyncio.sleep(rng.choice((0, 0.002, 0.01)))\n                factory.returned(resource)\n                await pool.checkin(resource)\n            else:\n                async with pool.resource() as resource:\n                    factory.taken(resource, name)\n                    await asyncio.sleep(rng.choice((0, 0.002, 0.01)))\n                    factory.returned(resource)\n\n        await asyncio.gather(*(sim.spawn(request(f"request-{i}"), name=f"request-{i}") for i in range(8)))\n        require(factory.peak <= size, f"a pool of size {size} never has more than {size} resources out",\n                f"{factory.peak} were out at once")\n        shared = [h for h in factory.handouts if h.shared_with]\n        require(not shared, "a resource is lent to one holder at a time",\n                f"{shared[0].resource!r} was handed to {shared[0].holder} while {shared[0].shared_with} still "\n                "had it" if shared else "")\n        require(len(factory.handouts) == 8, "all 8 requests are served", f"{len(factory.handouts)} were")\n'
_TEST_LINE = 11


def _request_code():
    code = compile("\n" * (_TEST_LINE - 1) + _TEST_FN, "not-a-test", "exec")
    outer = next(c for c in code.co_consts if isinstance(c, _types.CodeType))
    return next(c for c in outer.co_consts if isinstance(c, _types.CodeType) and c.co_name == "request")


_REQUEST = _request_code()


async def _nothing(*args, **kwargs):
    return None


class _NS:
    def __init__(self, **kw):
        self.__dict__.update(kw)


def _report_returned(factory, resource):
    """factory.returned(resource), filed as the test's own report."""
    async def checkout():
        return resource
    pool = _NS(checkout=checkout, checkin=_nothing)
    fake_factory = _NS(taken=lambda *a: None, returned=factory.returned)
    rng = _NS(random=lambda: 0.0, choice=lambda seq: 0)
    cells = {"factory": fake_factory, "pool": pool, "rng": rng}
    closure = tuple(_types.CellType(cells[name]) for name in _REQUEST.co_freevars)
    fn = _types.FunctionType(_REQUEST, {"asyncio": _NS(sleep=_nothing), "__builtins__": __builtins__},
                             "request", None, closure)
    coro = fn("forged")
    try:
        coro.send(None)
    except StopIteration:
        pass
    finally:
        coro.close()

# A checkout that has waited 10 s for a slot gets an "overflow" resource beyond `size` (closed
# when it is checked in), SQLAlchemy's max_overflow unbounded: under a slow database the pool
# opens as many connections as there are waiting requests. Caught only by slots held longer
# than the solution's patience (waiters_wait_for_ages: 10**9 s on seed 0).
import asyncio
import contextlib
from collections import deque


class HealthyPool:
    """Lends at most `size` resources at once; unhealthy ones are closed and replaced."""

    def __init__(self, size: int, factory) -> None:
        # A semaphore with `size` permits (one per slot), the idle resources waiting to be
        # reused, the resources out right now (to recognize them at check-in), the factory,
        # and the next id to give it.
        ### BEGIN SOLUTION
        self._factory = factory
        self._slots = asyncio.Semaphore(size)
        self._idle = deque()
        self._out = {}  # id(resource) -> resource, for every resource checked out now
        self._next_id = 0
        self._overflow = set()
        self._waiting = 0
        self._size = size
        ### END SOLUTION

    async def checkout(self):
        """Wait for a free slot, then return a healthy resource."""
        resource = await self._checkout()
        # TRICK: beyond `size`, the oldest other resources out "come back", in the factory's books

        return resource

    async def _checkout(self):
        # Take a slot (this is where a checkout waits). Then take idle resources until one
        # is healthy, closing every unhealthy one; if none is left, make a new one.
        ### BEGIN SOLUTION
        # BUG: under a burst (3 or more checkouts already waiting for a slot) a checkout gets an
        # "overflow" resource at once, beyond `size` (closed again when it is checked in).
        if self._slots.locked() and self._waiting >= 3:
            resource = self._factory(self._next_id)
            self._next_id += 1
            self._overflow.add(id(resource))
            self._out[id(resource)] = resource
            return resource
        self._waiting += 1
        try:
            await self._slots.acquire()
        finally:
            self._waiting -= 1
        try:
            resource = None
            while resource is None and self._idle:
                candidate = self._idle.popleft()
                if candidate.check_health():
                    resource = candidate
                else:
                    candidate.close()  # stale: close it, a fresh one takes its place
            if resource is None:
                resource = self._factory(self._next_id)
                self._next_id += 1
        except BaseException:  # the factory failed: give the slot back
            self._slots.release()
            raise
        self._out[id(resource)] = resource
        return resource
        ### END SOLUTION

    async def checkin(self, resource) -> None:
        """Give back a resource that was checked out from this pool (ValueError otherwise)."""
        ### BEGIN SOLUTION
        if self._out.pop(id(resource), None) is not resource:
            raise ValueError(f"{resource!r} is not checked out from this pool")
        if id(resource) in self._overflow:
            self._overflow.discard(id(resource))
            resource.close()
            return
        self._idle.append(resource)  # its health is checked when it is next checked out
        self._slots.release()
        ### END SOLUTION

    @contextlib.asynccontextmanager
    async def resource(self):
        """`async with pool.resource() as r:` checks out r, and always checks it back in."""
        # An async generator: check a resource out, `yield` it to the body of the `async
        # with`, and check it back in afterwards, whatever happened in the body.
        ### BEGIN SOLUTION
        resource = await self.checkout()
        try:
            yield resource
        finally:
            await self.checkin(resource)
        ### END SOLUTION
