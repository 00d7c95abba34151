# expect: p05_test_no_needless_wait
# Callers take numbered tickets and are served in ticket order, but a caller cancelled while it
# waits for its turn never hands the turn on (no try/finally advancing `serving`): every caller
# after it waits forever (rate 10, 1 token, 5 callers, #1 cancelled at 0.05 s: #2-#4 are never
# admitted; the statement: the callers behind a cancelled one still get their tokens).
import asyncio
import time


class TokenBucket:
    def __init__(self, rate, max_tokens):
        self.rate = rate
        self.max_tokens = max_tokens
        self.tokens = float(max_tokens)
        self.counted_at = time.monotonic()
        self.next_ticket = 0
        self.serving = 0
        self.turn = asyncio.Condition()

    def _refill(self):
        now = time.monotonic()
        self.tokens = min(self.max_tokens, self.tokens + (now - self.counted_at) * self.rate)
        self.counted_at = now

    async def acquire(self):
        ticket = self.next_ticket
        self.next_ticket += 1
        async with self.turn:
            await self.turn.wait_for(lambda: self.serving == ticket)
        self._refill()
        while self.tokens < 1:
            await asyncio.sleep((1 - self.tokens) / self.rate)
            self._refill()
        self.tokens -= 1
        self.serving += 1
        async with self.turn:
            self.turn.notify_all()
