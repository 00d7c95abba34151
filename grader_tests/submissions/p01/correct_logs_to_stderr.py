# expect: full marks
# Correct, and noisy: debug prints to stderr and a logging.warning per update.
# nbgrader zeroes a test cell that writes to stderr; the checks must keep it clean.
import logging
import sys

logging.basicConfig()
log = logging.getLogger("p01")


async def increment(counter, lock, n):
    for i in range(n):
        async with lock:
            current = counter[0]
            print(f"debug: update {i} read {current}", file=sys.stderr)
            await simulated_io()
            counter[0] = current + 1
            log.warning("counter is now %d", counter[0])
