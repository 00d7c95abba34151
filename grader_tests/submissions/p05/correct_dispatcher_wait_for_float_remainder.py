# expect: full marks
# Red-team pass 42 (attacker W):
# P05 finding (fairness): the asyncio.wait_for spelling of p05_timeout_float_remainder_livelock.py.
# What it does: as that file, but the helper waits with
# `await asyncio.wait_for(self.kick.wait(), (1 - tokens) / rate)`.
# Score now: 4/15 on Python 3.11, 3.12 and 3.13 (no_needless_wait, idle_refill, fifo: Livelock).
# Fair score: 15/15.
# Why: a float remainder gives a delay of 2.2e-18 s at t=0.06; in the check process
# wait_for(..., 2.2e-18) takes 0 virtual time (a probe measured 0.0; run outside the check process
# with the same VirtualTimeLoop on 3.11 it takes 1e-06 and this file passes every p05 test), so the
# refill gains nothing and the helper spins at one instant. On a real clock it is correct (time
# moves on before the next refill). Check processes pin wait_for to the 3.12+ version, built on
# asyncio.timeout (course/testing/_sealed.py:121-132), so on every Python it takes asyncio.timeout's
# `if when <= loop.time(): loop.call_soon(...)` branch (0.06 + 2.2e-18 == 0.06), and call_soon gets
# no tick from the virtual loop. See p05_timeout_float_remainder_livelock.py.
import asyncio
import collections
import time


class TokenBucket:
    def __init__(self, rate: float, max_tokens: int) -> None:
        self.rate = rate
        self.cap = max_tokens
        self.tokens = float(max_tokens)
        self.stamp = time.monotonic()
        self.waiters = collections.deque()
        self.kick = asyncio.Event()
        self.server = None

    def _refill(self):
        now = time.monotonic()
        self.tokens = min(self.cap, self.tokens + (now - self.stamp) * self.rate)
        self.stamp = now

    async def _serve(self):
        while self.waiters:
            self._refill()
            head = self.waiters[0]
            if head.done():
                self.waiters.popleft()
                continue
            if self.tokens >= 1:
                self.tokens -= 1
                self.waiters.popleft()
                head.set_result(None)
                continue
            self.kick.clear()
            try:
                await asyncio.wait_for(self.kick.wait(), (1 - self.tokens) / self.rate)
            except asyncio.TimeoutError:
                pass

    async def acquire(self) -> None:
        self._refill()
        if not self.waiters and self.tokens >= 1:
            self.tokens -= 1
            return
        loop = asyncio.get_running_loop()
        fut = loop.create_future()
        self.waiters.append(fut)
        if self.server is None or self.server.done():
            self.server = loop.create_task(self._serve())
        try:
            await fut
        except asyncio.CancelledError:
            if fut.done() and not fut.cancelled():
                self._refill()
                self.tokens = min(self.cap, self.tokens + 1)
            self.kick.set()
            raise
