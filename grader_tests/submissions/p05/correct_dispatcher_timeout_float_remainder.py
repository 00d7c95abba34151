# expect: full marks
# Red-team pass 42 (attacker W):
# P05 finding (fairness): a CORRECT token bucket that livelocks only under virtual time.
# What it does: waiters park on futures in a FIFO deque; one helper task serves them in order,
# and while the head's token is not yet due it waits on a "kick" Event under
# `async with asyncio.timeout((1 - tokens) / rate)` (a cancelled waiter kicks it; a waiter
# cancelled after it was handed its token gives that token back).
# Score now: 4/15 on Python 3.11, 3.12 and 3.13 (p05_test_no_needless_wait, p05_test_idle_refill,
# p05_test_fifo fail with "Livelock: 50,000 callbacks ... at t=0.600000s and time never moved on").
# Fair score: 15/15. The same file with the delay clamped to >= 1e-6 scores 15/15.
# Why: after a refill, tokens can be 0.9999999999999999 (rate 50 at t=0.06), so the delay is
# 2.2e-18 s. asyncio.timeout's reschedule() does `if when <= loop.time(): loop.call_soon(...)`,
# and 0.06 + 2.2e-18 == 0.06, so the timeout fires via call_soon, which the virtual loop does not
# push one tick forward (only call_at/call_later get the 1 µs tick). The refill then adds
# (now - stamp) * rate = 0, and the helper loops at the same virtual instant forever. On a real
# clock time.monotonic() has moved on by ~µs when it refills, so the token is there: the code is
# correct, and CURRICULUM.md promises "Virtual time must not livelock code that is correct on a
# real clock ... a positive sleep advances virtual time by at least one small tick".
# Probe in the check process at t=0.06: asyncio.timeout(2.2e-18) and asyncio.wait_for(ev.wait(),
# 2.2e-18) (pinned to the 3.12+ timeout-based version on 3.11 too) take 0.0 s of virtual time;
# asyncio.sleep(2.2e-18) takes 1e-06 s. So the wait_for spelling
# (p05_wait_for_float_remainder_livelock.py) loses the same 11 points. Reproduced outside the
# sandbox as well (exec the file and the p05_test_fifo cell: the same Livelock).
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
                async with asyncio.timeout((1 - self.tokens) / self.rate):
                    await self.kick.wait()
            except TimeoutError:
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
