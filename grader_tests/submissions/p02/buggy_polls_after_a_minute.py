# expect: p02_test_never_exceeds
# Red-team pass 23 (had 10/10, now 8/10): waits for a permit in acquire() for a minute, then polls
# semaphore.locked() every 0.5 s; p02_test_never_exceeds held the permits 10**9 s but then only
# gathered the calls. It now releases them at a moment off any grid and requires 2 waiting calls
# in `active` at that very instant.
import asyncio


async def api_call(task_id: int, semaphore: asyncio.Semaphore, active: set[int]) -> None:
    try:
        await asyncio.wait_for(semaphore.acquire(), 60)
    except TimeoutError:
        while True:
            while semaphore.locked():
                await asyncio.sleep(0.5)
            try:
                await asyncio.wait_for(semaphore.acquire(), 0.001)
                break
            except TimeoutError:
                pass
    try:
        active.add(task_id)
        try:
            await asyncio.sleep(0.01)
        finally:
            active.discard(task_id)
    finally:
        semaphore.release()
