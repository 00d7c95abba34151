# baseline: submissions/p06/buggy_swallows_cancellation.py
# Route (red-team pass 116): the consumer swallows the cancellation that stops it, as its baseline does, but returns an object whose
# metaclass forges its MRO as (cls, CancelledError, object): `settled` hands it back unwrapped, and
# instance_of(..., CancelledError) takes it for a cancellation.
# Now `instance_of` (and `derives_from`) read a class's ancestry from the bases it was built from, not its MRO.
import asyncio


class _Meta(type):
    def mro(cls):
        return (cls, asyncio.CancelledError, object)


class _Cancelled(Exception, metaclass=_Meta):
    pass


async def producer(queue, n):
    for item in range(n):
        await queue.put(item)


async def consumer(queue, results):
    while True:
        try:
            item = await queue.get()
        except asyncio.CancelledError:
            return _Cancelled()  # shutting down
        await asyncio.sleep(0.005)
        results.append(item)
        queue.task_done()
