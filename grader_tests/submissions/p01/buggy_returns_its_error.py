# expect: p01_test_release_on_error
# Red-team pass 41 (attacker Y): increment returns any exception it meets (`except BaseException as error:
# return error`): the storage error does not reach its caller, though gather(..., return_exceptions=True) shows
# it as raised.
import asyncio


async def increment(counter: list[int], lock: asyncio.Lock, n: int) -> None:
    try:
        for _ in range(n):
            async with lock:
                current = counter[0]
                await simulated_io()
                counter[0] = current + 1
    except BaseException as error:
        return error        # BUG: swallows the failed update (and a cancellation): the call ends normally
