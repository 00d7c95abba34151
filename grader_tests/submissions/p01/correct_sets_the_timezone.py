# expect: full marks
# correct_async_with whose first increment sets TZ=UTC and calls time.tzset() for its log's clock. tzset()
# rewrites time.tzname (and timezone, altzone, daylight), which the guard watched by the time module's version
# tag: every check failed (0/10, red-team pass 113). The time module is now compared entry by entry (its
# functions), like sys and warnings, and those four are its state, not watched.
import os, time
_seen = []
async def increment(counter, lock, n):
    if not _seen:
        os.environ["TZ"] = "UTC"
        time.tzset()
        _seen.append(time.strftime("%H:%M:%S"))
    for _ in range(n):
        async with lock:
            current = counter[0]
            await simulated_io()
            counter[0] = current + 1
