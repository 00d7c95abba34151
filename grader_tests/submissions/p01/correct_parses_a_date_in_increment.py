# expect: full marks
# correct_async_with that parses a date (datetime.strptime) the first time increment runs, for a log line. The
# first strptime imports `_strptime`, which calls time.tzset() and rewrites time.tzname: after the guard's seal
# on the checks' world (red-team pass 111) that write failed every check (0/10, red-team pass 112). The check
# process now imports `_strptime` before the guard is built.
import datetime
_seen = []
async def increment(counter, lock, n):
    if not _seen:
        _seen.append(datetime.datetime.strptime("2024-01-02 03:04", "%Y-%m-%d %H:%M"))
    for _ in range(n):
        async with lock:
            current = counter[0]
            await simulated_io()
            counter[0] = current + 1
