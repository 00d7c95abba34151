# expect: full marks
# correct_async_with whose first increment switches to a UTF-8 locale and parses a date: the locale change makes
# `_strptime` rebuild its cache, which calls time.tzset() (see correct_sets_the_timezone.py): 0/10 before
# (red-team pass 113), importing `_strptime` before the guard did not cover it.
import datetime, locale
_seen = []
async def increment(counter, lock, n):
    if not _seen:
        locale.setlocale(locale.LC_ALL, "C.UTF-8")
        _seen.append(datetime.datetime.strptime("2024-01-02 03:04", "%Y-%m-%d %H:%M"))
    for _ in range(n):
        async with lock:
            current = counter[0]
            await simulated_io()
            counter[0] = current + 1
