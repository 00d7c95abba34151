# expect: p05_test_visible p05_test_rate p05_test_burst p05_test_no_needless_wait p05_test_idle_refill p05_test_fifo
# acquire() returns at once: nothing is ever limited. "A burst passes at once", "no
# needless waiting" and "waiters are served in order" all hold for a limiter that never
# makes anyone wait; they earn nothing here.
class TokenBucket:
    def __init__(self, rate, max_tokens):
        self.rate = rate
        self.max_tokens = max_tokens

    async def acquire(self):
        pass
