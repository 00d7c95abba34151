# expect: p03_test_one_set_wakes_all
# Broken promise: "One set() wakes every waiting task at once ... While nothing has happened,
# waiting costs nothing: no task wakes up to look." This worker sleeps in ready.wait() only for
# its first second; a worker that has waited longer polls ready.is_set() every 5 ms (waking 200
# times a second while nothing happens) and goes on up to 5 ms after the set(). It had 10/10
# while every wait before set() in p03_test_one_set_wakes_all was 0.43 s or shorter.
import asyncio


async def initializer(ready: asyncio.Event) -> None:
    await asyncio.sleep(0.02)
    ready.set()


async def worker(ready: asyncio.Event) -> None:
    try:
        await asyncio.wait_for(ready.wait(), 1)
    except asyncio.TimeoutError:
        while not ready.is_set():  # waited long: look again now and then
            await asyncio.sleep(0.005)
    await asyncio.sleep(0.01)
