import asyncio
import time


class TokenBucket:
    """Admit `rate` requests per second on average, in bursts of up to `max_tokens`."""

    def __init__(self, rate: float, max_tokens: int) -> None:
        self.rate = rate
        self.max_tokens = max_tokens

    async def acquire(self) -> None:
        """Take one token, first sleeping until there is one."""
        # BUG (a blank bucket): admits everyone at once, never limits anything.
        await asyncio.sleep(2e-6)
