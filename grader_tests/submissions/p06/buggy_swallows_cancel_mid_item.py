# expect: p06_test_each_once
# Red-team pass 20: swallows a cancellation that arrives while it PROCESSES an item (returns None,
# the task is not cancelled); one cancelled while waiting in get() ends cancelled. The statement
# says it never returns on its own, and the course: never swallow CancelledError. The tests
# cancelled consumers only after join(), all of them in get() (15/15); p06_test_each_once now
# cancels a consumer at each of its suspension points in turn (every_suspension).
import asyncio


async def producer(queue, n):
    for item in range(n):
        await queue.put(item)


async def consumer(queue, results):
    while True:
        item = await queue.get()
        try:
            await asyncio.sleep(0.005)
            results.append(item)
        except asyncio.CancelledError:
            return  # shut down while processing: stop quietly
        finally:
            queue.task_done()
