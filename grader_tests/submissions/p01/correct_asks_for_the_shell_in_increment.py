# expect: full marks
# correct_async_with whose increment asks IPython for the shell (get_ipython()) the first time it runs, at
# check time. The shell was made then, and IPython writes the builtins (`display`) as it makes one: after the
# guard's seal on the checks' world that failed every check (0/10, red-team pass 112). A solution cell that
# names get_ipython now has its shell made before the guard is built.
_seen = []
async def increment(counter, lock, n):
    if not _seen:
        _seen.append(get_ipython())
    for _ in range(n):
        async with lock:
            current = counter[0]
            await simulated_io()
            counter[0] = current + 1
