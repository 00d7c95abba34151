# baseline: submissions/p01/buggy_returns_when_cancelled.py
# Route (red-team pass 116): a cancelled call stops its updates and *returns* an object whose class's metaclass gives it the MRO
# (cls, CancelledError, object): not a BaseException to `instance_of` (so `settled` does not wrap it in
# `Returned`), yet a CancelledError to `instance_of` (issubclass reads the forged tp_mro).
# Now `instance_of` (and `derives_from`) read a class's ancestry from the bases it was built from, not its MRO.
import asyncio


class _Meta(type):
    def mro(cls):
        return (cls, asyncio.CancelledError, object)


class _Cancelled(Exception, metaclass=_Meta):
    pass


async def increment(counter, lock, n):
    try:
        for _ in range(n):
            async with lock:
                current = counter[0]
                await simulated_io()
                counter[0] = current + 1
    except asyncio.CancelledError:
        return _Cancelled()
