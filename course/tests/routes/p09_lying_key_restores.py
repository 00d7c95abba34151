# baseline: p09_plain_def_release_baseline.py
# Route (red-team pass 48): code of the solution's own runs inside the contract check itself. The class's
# namespace holds one more key, a str subclass whose hash is hash("__getattribute__") and whose __eq__
# puts the `async def` releases back on the class (and answers False). broken_contract's first look
# (`_class_entry(cls, "__getattribute__")`, `name in namespace`) compares that key, so every check (where a
# test makes an object, and when the test cell ends) finds the class's async defs; each acquire_read
# (an async def) puts plain defs back for the run. (type.__setattr__ copies a str subclass name to a
# plain str: the key is put in through the class body's namespace, which type() keeps as it is.)
import asyncio
import contextlib


class _Hook(str):
    def __hash__(self):
        return hash("__getattribute__")

    def __eq__(self, other):
        _contract_face()
        return False

    __ne__ = lambda self, other: True


def _plain_release_read(self):
    return self._release_read()


def _plain_release_write(self):
    return self._release_write()


def _contract_face():
    cls = globals().get("AsyncRWLock")
    if cls is not None:
        type.__setattr__(cls, "release_read", cls._async_release_read)
        type.__setattr__(cls, "release_write", cls._async_release_write)


def _plain_face(cls):
    type.__setattr__(cls, "release_read", _plain_release_read)
    type.__setattr__(cls, "release_write", _plain_release_write)


class AsyncRWLock:
    locals()[_Hook("__getattribute__")] = None

    def __init__(self) -> None:
        self._condition = asyncio.Condition()
        self._readers = 0
        self._writing = False
        self._writers_waiting = 0

    async def acquire_read(self) -> None:
        _plain_face(AsyncRWLock)
        async with self._condition:
            await self._condition.wait_for(lambda: not self._writing and self._writers_waiting == 0)
            self._readers += 1

    async def release_read(self) -> None:
        await self._release_read()

    async def _release_read(self) -> None:
        async with self._condition:
            self._readers -= 1
            if self._readers == 0:
                self._condition.notify_all()

    async def acquire_write(self) -> None:
        _plain_face(AsyncRWLock)
        async with self._condition:
            self._writers_waiting += 1
            try:
                await self._condition.wait_for(lambda: not self._writing and self._readers == 0)
            except BaseException:
                self._writers_waiting -= 1
                self._condition.notify_all()
                raise
            self._writers_waiting -= 1
            self._writing = True

    async def release_write(self) -> None:
        await self._release_write()

    async def _release_write(self) -> None:
        async with self._condition:
            self._writing = False
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


AsyncRWLock._async_release_read = AsyncRWLock.__dict__["release_read"]
AsyncRWLock._async_release_write = AsyncRWLock.__dict__["release_write"]
