"""Figures for course.testing (prints them; nothing here is asserted).

    python benchmarks/harness.py

Targets from the harness issue: 10 tasks contending on a lock with 100
sleeps each under 200 seeded schedules in under 1 s; a 60-second virtual
scenario in milliseconds; a deadlock reported in under 0.2 s. Two reference
lines run the same contention elsewhere: on asyncio's own loop, and on a
bare scheduler that only runs callbacks in FIFO order and pops sleep
timers. Both show what the standard library's Lock, sleep and tasks cost by
themselves on the machine at hand; the bare one is the floor under any
scheduler written in Python.
"""

from __future__ import annotations

import argparse
import asyncio
import heapq
import time

from course.testing import Deadlock, NeverYields, explore, run
from course.testing._loop import VirtualTimeLoop


def contention(traced: bool, pause: float = 0.001):
    async def scenario(sim):
        lock = sim.lock() if traced else asyncio.Lock()

        async def task():
            for _ in range(100):
                async with lock:
                    await asyncio.sleep(pause)

        await asyncio.gather(*(task() for _ in range(10)))
    return scenario


def on_asyncio_own_loop(runs: int):
    """The contention scenario on asyncio's own event loop, with zero-length
    sleeps (no timers, FIFO order): what the standard library's Lock, sleep
    and tasks cost by themselves on this machine, the floor under any
    harness that runs them."""
    scenario = contention(False, pause=0)  # with a plain Lock it never uses `sim`

    def action():
        with asyncio.Runner() as runner:
            for _ in range(runs):
                runner.run(scenario(None))
    return action


class _BareScheduler(VirtualTimeLoop):
    """The least a virtual-time loop can do for the contention scenario: run
    ready callbacks in FIFO order, else resolve the earliest sleep. No seed,
    no limits, no deadlock detection, no handles (call_soon returns None, so
    it is no event loop for any other code): a floor, not a harness."""

    def call_soon(self, callback, *args, context=None):
        self._ready.append((callback, args, context))

    def call_later(self, delay, callback, *args, context=None):
        future, result = args  # only asyncio.sleep's timers occur here
        heapq.heappush(self._timers, (self._now + delay, next(self._timer_numbers), future, result))
        return future

    def _run_once(self):
        ready, timers = self._ready, self._timers
        while not self._stopping:
            if ready:
                callback, args, context = ready.popleft()
                context.run(callback, *args)
            else:
                self._now, _, future, result = heapq.heappop(timers)
                if not future.done():
                    future.set_result(result)


def on_a_bare_scheduler(runs: int):
    """The contention scenario (plain Lock) on `_BareScheduler`, one loop per run."""
    scenario = contention(False)

    def action():
        for _ in range(runs):
            loop = _BareScheduler()
            try:
                loop.run_until_complete(scenario(None))
            finally:
                loop.close()
    return action


async def sixty_virtual_seconds(sim):
    for _ in range(6000):
        await asyncio.sleep(0.01)


async def lock_order_deadlock(sim):
    a, b = sim.lock("a"), sim.lock("b")

    async def transfer(first, second):
        async with first:
            await asyncio.sleep(0.01)
            async with second:
                pass

    await asyncio.gather(transfer(a, b), transfer(b, a))


async def busy_loop(sim):
    while True:
        pass


def timed(label: str, action, unit: str = "s") -> None:
    start = time.perf_counter()
    action()
    elapsed = time.perf_counter() - start
    shown = f"{elapsed * 1000:.1f} ms" if unit == "ms" else f"{elapsed:.3f} s"
    print(f"{label:<58} {shown}")


def expect(failure, scenario):
    def action():
        try:
            run(scenario)
        except failure:
            return
        raise SystemExit(f"{scenario.__name__} did not fail with {failure.__name__}")
    return action


def main() -> None:
    argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                            epilog="It takes no options: it prints each figure beside its target.").parse_args()
    timed("lock contention, 10 tasks x 100 sleeps, 200 seeds (asyncio.Lock)",
          lambda: explore(contention(False), seeds=200))
    timed("  the same 200 runs on asyncio's own loop, sleep(0) (reference)",
          on_asyncio_own_loop(200))
    timed("  the same 200 runs on a bare FIFO scheduler (reference floor)",
          on_a_bare_scheduler(200))
    timed("lock contention, 10 tasks x 100 sleeps, 200 seeds (traced lock)",
          lambda: explore(contention(True), seeds=200))
    timed("60 s of virtual time (6000 sleeps), one run", lambda: run(sixty_virtual_seconds), "ms")
    timed("lock-order deadlock reported", expect(Deadlock, lock_order_deadlock))
    timed("busy loop stopped (default guard: 1 s of CPU)", expect(NeverYields, busy_loop))


if __name__ == "__main__":
    main()
