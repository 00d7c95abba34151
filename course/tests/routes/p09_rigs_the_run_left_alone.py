# baseline: submissions/p09/buggy_cancelled_writer_opens_gate_for_all.py
# Route (buying the left-alone allowance in one cell only): p09_test_cancelled_waiter's last scenario runs each plan
# uncancelled first and forgives overtaking after a cancellation if the uncancelled run overtook too; the same plan
# uncancelled in p09_test_writer_preference is judged. Task names tell the cells apart (lock_is_free's 'last-writer'/
# 'last-reader' exist only in the cancelled-waiter cell, which runs after writer_preference in the same process); once
# seen, the first lock of each same-plan pair (seen by 'writer-L') lets 'reader-D' barge past the writers: allowance
# bought, the baseline's gate bug after a cancelled writer is forgiven: 20/20 (red-team pass 104). Now that cell
# forgives only what p09_test_writer_alone or p09_test_writer_preference failed on, each its own verdict.
import asyncio
import contextlib

_state = {"cell": False, "lockno": 0}


def _me():
    task = asyncio.current_task()
    return task.get_name() if task is not None else ""


class AsyncRWLock:
    def __init__(self) -> None:
        self._condition = asyncio.Condition()
        self._readers = 0
        self._writing = False
        self._writers_waiting = 0
        self._gate_open = True
        self._uncut = None

    def _left_alone_run(self):
        # Decided when writer-L shows up: the first of each pair of same-plan runs is the uncancelled one.
        if self._uncut is None:
            _state["lockno"] += 1
            self._uncut = _state["lockno"] % 2 == 1
        return self._uncut

    async def acquire_read(self) -> None:
        name = _me()
        if name.startswith("last-"):
            _state["cell"] = True
        barge = _state["cell"] and name == "reader-D" and self._uncut
        async with self._condition:
            await self._condition.wait_for(lambda: not self._writing and (self._gate_open or barge))
            self._readers += 1

    async def release_read(self) -> None:
        async with self._condition:
            self._readers -= 1
            if self._readers == 0:
                self._condition.notify_all()

    async def acquire_write(self) -> None:
        name = _me()
        if name.startswith("last-"):
            _state["cell"] = True
        if _state["cell"] and name == "writer-L":
            self._left_alone_run()
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
