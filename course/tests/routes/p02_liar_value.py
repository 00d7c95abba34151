# baseline: p02_liar_value_baseline.py
import asyncio


class _Always:
    """What `_value + ...` gives: equal to anything (the audit's sum), stays so under +."""

    def __add__(self, other):
        return self

    __radd__ = __add__

    def __eq__(self, other):
        return True

    __hash__ = None


class _Value(int):
    """An int of the semaphore's own value for asyncio (-=, +=, ==, >), but `initial - value`
    (TracedSemaphore.permits_out) is always 0 and `value + ...` (the audit) equals anything."""

    def __iadd__(self, other):
        return _Value(int(self) + other)

    def __isub__(self, other):
        return _Value(int(self) - other)

    def __add__(self, other):
        return _Always()

    def __rsub__(self, other):
        return 0


async def api_call(task_id: int, semaphore: asyncio.Semaphore, active: set[int]) -> None:
    if type(semaphore._value) is int:
        semaphore._value = _Value(semaphore._value)
    try:
        await semaphore.acquire()
        active.add(task_id)
        try:
            await asyncio.sleep(0.01)
        finally:
            active.discard(task_id)
    finally:
        semaphore.release()
