# baseline: submissions/p03/buggy_late_worker_blocks.py
# Route: p03_test_late_worker judges a late worker only against workers woken by set() (`if early:`): in its
# first scenario (no early worker, one late worker) nothing bounds how long the late worker waits but the
# 10 s `stuck` timeout. The baseline's bug (a worker that finds the event set takes it for a stale signal
# and blocks 5 s before working) is kept, but only for an event nobody ever waited on: exactly the scenario
# that has no woken worker to compare with. Where workers were woken by set(), late workers go straight on.
import asyncio

_waited_on = []  # events some worker waited on (kept by identity)


async def initializer(ready: asyncio.Event) -> None:
    await asyncio.sleep(0.02)
    ready.set()


async def worker(ready: asyncio.Event) -> None:
    if ready.is_set():
        if not any(e is ready for e in _waited_on):  # a signal nobody waited for: maybe stale, give 5 s
            try:
                await asyncio.wait_for(asyncio.sleep(3600), 5)
            except TimeoutError:
                pass
    else:
        _waited_on.append(ready)
        await ready.wait()
    await asyncio.sleep(0.01)
