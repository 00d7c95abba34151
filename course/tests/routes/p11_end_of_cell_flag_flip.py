# baseline: submissions/p11/buggy_ping_cancel_drops_open_resource.py
# Route (red-team pass 107, the end-of-cell window, P11's member): p11_test_healthy's last statement stores
# P11_HEALTHY_HELD = True, and main's closing begin() takes what the cell's statements stored "as it is now". A
# finalizer at the closing collection of that cell's last explore (broken_in_no_time) arms a 30 us SIGALRM timer
# whose handler (main thread, next eval-breaker check after the store) sets the flag False: p11_test_cancel's
# HEALTHY_HELD reads False, and p11_rigs_the_run_left_alone's pool buys the left-alone allowance again.
# Now the fact comes from the check process (`__held__`, the ids of the earlier test cells that held), not
# from a name a test cell stored: the flip changes nothing, and the handler left armed fails the checks.
import signal

_state = {"armed": False, "loops": []}


def _namespaces():
    for cls in object.__subclasses__():
        if cls.__name__ == "Resource" and cls.__module__ == "__hidden_tests__":
            fn = cls.__dict__.get("check_health")
            tests = getattr(fn, "__globals__", None)
            if type(tests) is dict:
                return tests, tests.get("__builtins__")
    return None, None


def _install(tests):
    """A SIGALRM handler of the solution's, every 30 us, in the main thread: once p11_test_healthy's last statement
    has stored the flag True, it sets it to False (before main's closing begin() takes it as the cell's own)."""
    old = signal.getsignal(signal.SIGALRM)
    budget = [20000]

    def disarm():
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)

    def handler(signum, _):
        if tests.get("P11_HEALTHY_HELD") is True:
            tests["P11_HEALTHY_HELD"] = False
            disarm()
        else:
            budget[0] -= 1
            if budget[0] <= 0:
                disarm()

    signal.signal(signal.SIGALRM, handler)
    signal.setitimer(signal.ITIMER_REAL, 3e-5, 3e-5)


class _Bomb:
    def __init__(self):
        self.me = self

    def __del__(self):
        if asyncio._get_running_loop() is not None:
            _Bomb()
            return
        tests, _ = _namespaces()
        if tests is not None:
            _install(tests)


def _arm():
    if _state["armed"]:
        return
    if not any(t.get_name().startswith("waiter-") for t in asyncio.all_tasks()):
        return
    loop = asyncio.get_running_loop()
    if not any(l is loop for l in _state["loops"]):
        _state["loops"].append(loop)
    if len(_state["loops"]) == 3:  # broken_in_no_time's third (last) seed
        _state["armed"] = True
        _Bomb()
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
        _arm()
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
