# expect: p01_test_total p01_test_exclusive p01_test_given_lock p01_test_release_on_error p01_test_awaits_io p01_test_visible
# One write of the whole amount per call, as an int subclass that says it equals
# anything: a total compared with `==` would pass. counter[0] must stay an int, and
# each of the n updates must be made. (The visible check compares with `==`: it passes.)
class AgreeableInt(int):
    def __eq__(self, other):
        return True

    __hash__ = int.__hash__


async def increment(counter, lock, n):
    async with lock:
        current = counter[0]
        await simulated_io()
        counter[0] = AgreeableInt(current + n)
