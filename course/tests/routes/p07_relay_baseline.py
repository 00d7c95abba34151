# p07_sweep_instant_baseline, its work stepped by hand, each future it waits on relayed through one of ours:
# a worker cancelled mid-work never arrives, and the others wait for it for good.
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
        except Exception:
            await barrier.abort()
            raise
        try:
            await barrier.wait()
        except asyncio.CancelledError:
            await barrier.abort()
            raise
