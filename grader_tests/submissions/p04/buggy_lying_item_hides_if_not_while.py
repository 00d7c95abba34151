# expect: p04_test_visible p04_test_never_empty p04_test_each_once
# An object that lies (found while fixing red-team pass 41): `if`, not `while`, and a consumer woken for an item
# another took returns a str subclass equal to anything. The visible check compared the items taken with
# `==` and took any list subclass: 2 points for the lie. Now exact types (str, list) and value.
import asyncio


class _Agrees(str):
    def __eq__(self, other):
        return True

    def __ne__(self, other):
        return False

    def __lt__(self, other):
        return False

    __hash__ = str.__hash__


async def producer(queue, condition, items):
    for item in items:
        async with condition:
            queue.append(item)
            condition.notify()


async def consumer(queue, condition, n):
    got = []
    async with condition:
        for _ in range(n):
            if not queue:  # BUG: `if`, not `while`: woken for an item another consumer took
                await condition.wait()
            try:
                got.append(queue.popleft())
            except IndexError:
                return [_Agrees("y")]  # hides the bug: an item that equals anything
    return got
