# expect: p03_test_initializer
# Red-team pass 37 (P03): scored 10/10 while the "never signals" check ran only for an initializer that ended
# before its startup time; fair, and now, 8/10 (p03_test_initializer).
# The initializer ignores a cancellation that arrives during its 0.02 s startup (a startup deadline):
# it keeps sleeping to t=0.020, calls ready.set() anyway, and only then lets the cancellation go on.
# Contract: "the signal is sent once, after the startup delay"; notebook statement (P03):
#   "The signal says the startup is done: an initializer cancelled during its startup (a startup
#    deadline, say) does not send it."
# The test's own docstring: "an initializer cancelled at any of its suspension points during its
# 0.02 s startup (a startup deadline) never signals". But no_signal_when_cancelled_in_startup only
# checks `not sets` `if not stuck and ended < 0.02`: an initializer that swallows the cancellation
# until its startup would have ended (ended == 0.02) is let off, and set() at 0.020 is "not early".
# (A caller's `async with asyncio.timeout(0.01): await initializer(ready)` gets its deadline 10 ms
# late and the workers are released although the caller gave up on the startup.)
import asyncio


async def initializer(ready: asyncio.Event) -> None:
    loop = asyncio.get_running_loop()
    end = loop.time() + 0.02
    cancelled = False
    while loop.time() < end:
        try:
            await asyncio.sleep(end - loop.time())
        except asyncio.CancelledError:
            cancelled = True  # "finish the startup first, then give up"
    ready.set()
    if cancelled:
        raise asyncio.CancelledError


async def worker(ready: asyncio.Event) -> None:
    await ready.wait()
    await asyncio.sleep(0.01)
