# buggy_active_not_cleaned_on_cancel, its request's asyncio.sleep stepped by hand (as the route does): a
# cancelled call stays in `active`.
import asyncio


class _Request:
    def __init__(self, delay):
        self.delay = delay

    def __await__(self):
        inner = asyncio.sleep(self.delay)
        fut = inner.send(None)  # the sleep's own future (its timer filed as a sleep)
        try:
            sent = yield fut
        except BaseException as exc:
            inner.throw(exc)
            raise
        try:
            inner.send(sent)
        except StopIteration as stop:
            return stop.value


async def api_call(task_id, semaphore, active):
    async with semaphore:
        active.add(task_id)
        await _Request(0.01)
        active.discard(task_id)
