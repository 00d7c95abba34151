# baseline: p07_mro_fake_cancelled_baseline.py
# Route (red-team pass 116): a cancelled worker swallows its cancellation and returns an object whose metaclass forges its MRO as
# (cls, CancelledError, object): `settled` does not wrap it in Returned (no BaseException to instance_of),
# and instance_of(..., CancelledError) says yes.
# Now `instance_of` (and `derives_from`) read a class's ancestry from the bases it was built from, not its MRO.
import asyncio


class _Meta(type):
    def mro(cls):
        return (cls, asyncio.CancelledError, object)


class _Cancelled(Exception, metaclass=_Meta):
    pass


async def worker(worker_id, barrier, rounds=1):
    try:
        for round_no in range(rounds):
            await do_work(worker_id, round_no)
            await barrier.wait()
    except asyncio.CancelledError:
        await barrier.abort()
        return _Cancelled()
    except BaseException:
        await barrier.abort()
        raise
