# expect: p02_test_release_on_cancel
# Red-team pass 39 (attacker T: the checks' loop ran an executor call at once, its future already done): see
# below. Scored before the fix as the first comment lines say; now graded as the same code with an async call.
# P02 finding: a BUGGY api_call that leaks its permit when cancelled while writing an audit line in a thread
# earns full marks.
# Score now: 10/10. Fair score: 8/10 (what buggy_logs_between_acquire_and_try.py, the same bug with an async
#   log writer, scores: p02_test_release_on_cancel 0/2).
# Why it is buggy: `await semaphore.acquire()`, then `await asyncio.to_thread(...)` (audit line), and only then
#   the try/finally that releases. A call cancelled while the line is shipped keeps its permit forever.
#   Concrete schedule on asyncio.run (findings/repro/realrun2.py): Semaphore(1); call 1 takes the permit, is
#   cancelled 20 ms later while the (50 ms) audit write runs; call 2 then waits 1 s for a permit (semaphore still
#   locked). Contract: "every permit is returned when a call raises or is cancelled".
# Mechanism: the virtual loop's run_in_executor runs the function at once and returns a done future, so the
#   await of to_thread never suspends under the checks and every_suspension never cancels the call there.
#   (Same mechanism as findings/p01_to_thread_*.py, p07_thread_checkpoint.py, p09_thread_log_before_try.py,
import asyncio


class AuditLog:
    def __init__(self):
        self.lines = []

    def _write(self, line):
        # A blocking log shipper: run in a worker thread.
        self.lines.append(line)

    async def write(self, line):
        await asyncio.to_thread(self._write, line)  # off the event loop


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
