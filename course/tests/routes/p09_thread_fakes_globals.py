# baseline: submissions/p09/buggy_cancelled_writer_opens_gate_for_all.py
# Route (red-team pass 105): the allowance flags P09_WRITER_ALONE_HELD / P09_WRITER_PREFERENCE_HELD are read
# through the test cells' builtins (`globals`), a dict the guard holds to its snapshot only when a check begins
# (silently), never between two statements of a test cell. A thread started after the last run of
# p09_test_writer_preference (by a finalizer run at that explore's closing collection) puts a `globals` of its own
# in those builtins while p09_test_cancelled_waiter's first statements run, then puts the real one back: both
# flags read False, the cell forgives the overtaking, and the first explore's begin() quietly restores the rest.
# Now any write to the test cells' builtins or imports since the guard last looked fails the cell (16 -> 20 before).
import asyncio
import contextlib
import sys
import threading
import time

_state = {"armed": False}
# Many plain names: `defined()` walks every key of the student's namespace, so the statement before ROLE lasts
# long enough for the thread to get the GIL after the cell's begin() put the builtins back.
globals().update({f"_pad{i}": None for i in range(200_000)})


def _fake_globals():
    return {}


def _namespaces():
    for cls in object.__subclasses__():
        if cls.__name__ == "Visits" and cls.__module__ == "__hidden_tests__":
            fn = cls.__dict__.get("visit")
            tests = getattr(fn, "__globals__", None)
            if type(tests) is dict:
                return tests, tests.get("__builtins__")
    return None, None


def _meddle(tests, names):
    old = sys.getswitchinterval()
    real = names["globals"]
    sys.setswitchinterval(1e-6)
    try:
        while "P09_WRITER_PREFERENCE_HELD" not in tests:
            if "WRITER_ALONE_HELD" in tests:
                return
        while "WRITER_PREFERENCE_HELD" not in tests:
            if names.get("globals") is not _fake_globals:
                names["globals"] = _fake_globals
    finally:
        names["globals"] = real
        sys.setswitchinterval(old)


class _Bomb:
    def __init__(self):
        self.me = self

    def __del__(self):
        if asyncio._get_running_loop() is not None:
            _Bomb()  # still inside a run: wait for a later collection
            return
        tests, names = _namespaces()
        if tests is not None and names is not None:
            threading.Thread(target=_meddle, args=(tests, names), daemon=True).start()


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
