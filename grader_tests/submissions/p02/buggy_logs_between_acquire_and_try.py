# expect: p02_test_release_on_cancel
# Writes an audit line (awaiting the log writer) after taking the permit but before the
# try/finally that gives it back: a call cancelled while the line is written (its client
# timed out) keeps its permit forever.
import asyncio


class AuditLog:
    def __init__(self):
        self.lines = []

    async def write(self, line):
        self.lines.append(line)
        await asyncio.sleep(0)  # the writer flushes on the event loop


audit = AuditLog()


async def api_call(task_id, semaphore, active):
    await semaphore.acquire()
    await audit.write(f"call {task_id} got a permit")
    try:
        active.add(task_id)
        try:
            await asyncio.sleep(0.01)
        finally:
            active.discard(task_id)
    finally:
        semaphore.release()
