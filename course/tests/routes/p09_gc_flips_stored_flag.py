# baseline: submissions/p09/buggy_cancelled_writer_opens_gate_for_all.py
# Route (red-team pass 108): p09_test_cancelled_waiter turns `__held__` into names its own statements store
# (WRITER_ALONE_HELD = "..." in HELD), and main's begin() between two statements takes what the statement that
# ended stored "as it is now". A finalizer that runs after the store and before that look changes it unseen.
# Made deterministic with the collector: gen-0 threshold 1 (Python 3.11 collects inside the allocation) and a
# self-renewing cyclic bomb; the first collection after the store is at the latest settle()'s `found = []`.
# Now a statement that stores names runs with no collection, no signal handler and no other thread until the
# guard has taken them (`problem_process._quiet`), and a scenario handed to explore()/run() must be the
# tests' own code (`own_scenario`): the route earns nothing.
import asyncio
import contextlib
import gc

_state = {"armed": False, "done": False, "old": None}


def _tests():
    for cls in object.__subclasses__():
        if cls.__name__ == "Visits" and cls.__module__ == "__hidden_tests__":
            fn = cls.__dict__.get("visit")
            tests = getattr(fn, "__globals__", None)
            if type(tests) is dict:
                return tests
    return None


class _Chain:
    """Renewed at every collection until both flags were flipped."""
    tests = None

    def __init__(self):
        self.me = self

    def __del__(self):
        if _state["done"]:
            return
        t = _Chain.tests
        if t.get("WRITER_ALONE_HELD") is True:
            t["WRITER_ALONE_HELD"] = False
        if t.get("WRITER_PREFERENCE_HELD") is True:
            t["WRITER_PREFERENCE_HELD"] = False
        if "WRITER_PREFERENCE_HELD" in t and t.get("WRITER_PREFERENCE_HELD") is False:
            _state["done"] = True
            gc.set_threshold(*_state["old"])
            return
        _Chain()


class _Bomb:
    def __init__(self):
        self.me = self

    def __del__(self):
        if asyncio._get_running_loop() is not None:
            _Bomb()  # still inside a run: wait for the closing collection
            return
        tests = _tests()
        if tests is None:
            return
        _Chain.tests = tests
        _state["old"] = gc.get_threshold()
        _Chain()
        gc.set_threshold(1, 10**9, 10**9)


def _arm():
    if _state["armed"]:
        return
    if any(t.get_name() == "stream of readers" for t in asyncio.all_tasks()):
        _state["armed"] = True
        _Bomb()


class AsyncRWLock:
    def __init__(self) -> None:
        self._condition = asyncio.Condition()
        self._readers = 0
        self._writing = False
        self._writers_waiting = 0
        self._gate_open = True  # False while some writer waits: new readers hold back

    async def acquire_read(self) -> None:
        _arm()
        async with self._condition:
            await self._condition.wait_for(lambda: not self._writing and self._gate_open)
            self._readers += 1

    async def release_read(self) -> None:
        async with self._condition:
            self._readers -= 1
            if self._readers == 0:
                self._condition.notify_all()

    async def acquire_write(self) -> None:
        async with self._condition:
            self._writers_waiting += 1
            self._gate_open = False
            try:
                await self._condition.wait_for(lambda: not self._writing and self._readers == 0)
            except BaseException:
                self._writers_waiting -= 1
                self._gate_open = True  # bug: should stay closed while other writers wait
                self._condition.notify_all()
                raise
            self._writers_waiting -= 1
            self._writing = True

    async def release_write(self) -> None:
        async with self._condition:
            self._writing = False
            self._gate_open = self._writers_waiting == 0
            self._condition.notify_all()

    @contextlib.asynccontextmanager
    async def reader(self):
        await self.acquire_read()
        try:
            yield
        finally:
            await self.release_read()

    @contextlib.asynccontextmanager
    async def writer(self):
        await self.acquire_write()
        try:
            yield
        finally:
            await self.release_write()
