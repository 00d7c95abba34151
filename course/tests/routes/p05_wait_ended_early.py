# baseline: submissions/p05/buggy_cancel_refunds_token.py
# Route (red-team pass 125): the bucket that gives a cancelled waiter's token back (a token it never took), and, as
# a waiter is cancelled, resolves the future of the asyncio.wait the test awaits (found through the waiting task's
# `_fut_waiter`: asyncio.wait was not sealed): the test's wait returned at once, it cancelled every caller still
# waiting, and none was admitted early on the refunded token (p05_test_rate 4/4 against 0/4). Only the first 10
# waits of the process (the rate cell's seeds). Now a test's asyncio.wait is read back from its futures and the
# clock (course.testing._sealed.wait).
import asyncio
import time


_SEEN = []  # the waiting tasks this trick has served (kept alive: identities stay unique)


def _end_the_checks_wait():
    """TRICK: a task awaiting asyncio.wait(tasks, timeout=...) (asyncio's own coroutines `wait` / `_wait`, no name
    of the tests'): resolve that wait's own waiter future now (asyncio.wait is not sealed), so it returns at once and
    whoever waited cancels every caller still waiting, before any is admitted early on the refunded token. Only for
    the first 10 such tasks of the process: the first cell that cancels callers (10 seeds), not the later ones."""
    for task in asyncio.all_tasks():
        coro, names = task.get_coro(), []
        while coro is not None and len(names) < 20:
            names.append(str(getattr(coro, "__qualname__", "")))
            coro = getattr(coro, "cr_await", None)
        if "wait" in names and "_wait" in names:
            if not any(task is seen for seen in _SEEN):
                if len(_SEEN) >= 10:
                    return None
                _SEEN.append(task)
            waiter = task._fut_waiter
            if waiter is not None and not waiter.done():
                waiter.set_result(None)
                return task, waiter
    return None


class TokenBucket:
    """Admit `rate` requests per second on average, in bursts of up to `max_tokens`."""

    def __init__(self, rate: float, max_tokens: int) -> None:
        # The bucket starts full. Keep the rate, the capacity, the number of tokens now
        # (a float), the time they were last counted, and a lock so that waiting callers
        # are served one at a time, in the order they came.
        ### BEGIN SOLUTION
        self.rate = rate
        self.max_tokens = max_tokens
        self.tokens = float(max_tokens)
        self.counted_at = time.monotonic()
        self.lock = asyncio.Lock()
        ### END SOLUTION

    def _refill(self) -> None:
        """Add the tokens earned since they were last counted (up to max_tokens)."""
        # Tokens earned = seconds elapsed x rate. Then "last counted" becomes now: time
        # already turned into tokens must never be counted again.
        ### BEGIN SOLUTION
        now = time.monotonic()
        self.tokens = min(self.max_tokens, self.tokens + (now - self.counted_at) * self.rate)
        self.counted_at = now
        ### END SOLUTION

    async def acquire(self) -> None:
        """Take one token, first sleeping until there is one."""
        # One caller at a time: refill; while there is less than one token, sleep just
        # long enough for the missing part to drip in, then refill again; take the token.
        ### BEGIN SOLUTION
        async with self.lock:
            self._refill()
            while self.tokens < 1:
                try:
                    await asyncio.sleep((1 - self.tokens) / self.rate)
                except asyncio.CancelledError:
                    ended = _end_the_checks_wait()
                    if ended is not None:
                        task, waiter = ended
                        for _ in range(100):  # let the test run on (it cancels everyone still waiting)
                            try:
                                await asyncio.sleep(0)
                            except asyncio.CancelledError:
                                break
                            if task.done() or task._fut_waiter is not waiter:
                                break
                    self.tokens += 1  # give our token back to the callers behind us
                    raise
                self._refill()
            self.tokens -= 1
        ### END SOLUTION
