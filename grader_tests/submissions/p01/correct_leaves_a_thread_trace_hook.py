# expect: full marks
# Correct, with a debugging leftover: a trace function for every thread started from now on
# (`threading.settrace`). The checks' own watchdog thread must start without it (red-team pass 98: it
# installed it, the guard refused it, the watchdog died, and every check failed, 0/10).
import threading

_calls = []


def _trace(frame, event, arg):
    _calls.append(event)
    return None


threading.settrace(_trace)


async def increment(counter, lock, n):
    for _ in range(n):
        async with lock:
            current = counter[0]
            await simulated_io()
            counter[0] = current + 1
