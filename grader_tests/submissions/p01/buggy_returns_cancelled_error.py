# expect: p01_test_release_on_error
# Red-team pass 41 (attacker Y): increment catches its cancellation around the loop and returns the
# CancelledError object: its caller cannot tell it was cut short, though gather(..., return_exceptions=True)
# shows it as raised. The checks ask each task how it ended (course.testing.settled).
import asyncio


async def increment(counter: list[int], lock: asyncio.Lock, n: int) -> None:
    try:
        for _ in range(n):
            async with lock:
                current = counter[0]
                await simulated_io()
                counter[0] = current + 1
    except asyncio.CancelledError as error:
        return error        # BUG: swallows the cancellation: the caller's cancel is lost
