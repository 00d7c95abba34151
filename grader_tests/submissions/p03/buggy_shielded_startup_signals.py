# expect: p03_test_initializer
# The startup runs shielded (`asyncio.shield`), so cancelling the initializer during its startup (a
# startup deadline) leaves the startup running, and the startup itself calls ready.set() at t=0.02,
# on behalf of an initializer whose caller gave up: the workers start after a startup the caller
# abandoned. Statement: "an initializer cancelled during its startup (a startup deadline, say) does
# not send it". (Red-team pass 37, beside buggy_swallowed_deadline_signals: this one ends at once when
# cancelled, so the older "ended before its startup was over" check catches it too.)
import asyncio


async def _startup(ready):
    await asyncio.sleep(0.02)
    ready.set()


async def initializer(ready: asyncio.Event) -> None:
    await asyncio.shield(_startup(ready))


async def worker(ready: asyncio.Event) -> None:
    await ready.wait()
    await asyncio.sleep(0.01)
