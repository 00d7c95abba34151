# baseline: submissions/p11/buggy_ping_cancel_drops_open_resource.py
# Route (red-team pass 108): p11_test_cancel stores HEALTHY_HELD = "p11_test_healthy" in __held__; main's begin()
# before the next statement takes it "as it is now". A finalizer run by the collector (gen-0 threshold 1, armed
# during p11_test_healthy's last explore) between the store and that look sets it False: the cell judges each cut
# against the left-alone run, which this pool rigs (p11_rigs_the_run_left_alone's pool), forgiving the baseline.
# Now a statement that stores names runs with no collection, no signal handler and no other thread until the
# guard has taken them (`problem_process._quiet`), and a scenario handed to explore()/run() must be the
# tests' own code (`own_scenario`): the route earns nothing.
import asyncio

_FLAG = "HEALTHY_HELD"
import gc

_state = {"armed": False, "done": False, "old": None}


def _tests():
    for cls in object.__subclasses__():
        if getattr(cls, "__module__", None) == "__hidden_tests__":
            for value in vars(cls).values():
                ns = getattr(value, "__globals__", None)
                if type(ns) is dict and ns.get("__name__") == "__hidden_tests__":
                    return ns
    return None


class _Chain:
    """Renewed at every collection (gen-0 threshold 1) until the flag was flipped."""
    tests = None

    def __init__(self):
        self.me = self

    def __del__(self):
        if _state["done"]:
            return
        t = _Chain.tests
        if t.get(_FLAG) is True:
            t[_FLAG] = False
            _state["done"] = True
            gc.set_threshold(*_state["old"])
            return
        _Chain()


class _Bomb:
    def __init__(self):
        self.me = self

    def __del__(self):
        if asyncio._get_running_loop() is not None:
            _Bomb()  # still inside a run: wait for a collection outside it
            return
        tests = _tests()
        if tests is None:
            return
        _Chain.tests = tests
        _state["old"] = gc.get_threshold()
        _Chain()
        gc.set_threshold(1, 10**9, 10**9)


def _arm():
    if not _state["armed"]:
        _state["armed"] = True
        _Bomb()


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
        if name.startswith("waiter-"):
            _arm()  # broken_in_no_time, p11_test_healthy's last explore: chain once outside the run
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
