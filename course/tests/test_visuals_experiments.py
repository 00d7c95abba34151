"""course.visuals experiments run students' solutions on the harness and react to their knobs.

Each experiment is checked against a reference solution written here (and
against a buggy one, whose picture must differ the way the lesson says),
and against broken code, which must give a message, never a hang.
"""

from __future__ import annotations

import asyncio
import contextlib
import math
import time

import pytest

from course.visuals import (Experiment, ReadersFirstRWLock, pool_experiment, queue_experiment, rwlock_experiment,
                            semaphore_experiment, token_bucket_experiment)
from course.visuals.readers_first import Held


# --- reference solutions (and seed defects) -----------------------------------

async def api_call(task_id, semaphore, active):
    async with semaphore:
        active.add(task_id)
        try:
            await asyncio.sleep(0.01)
        finally:
            active.discard(task_id)


async def api_call_without_the_semaphore(task_id, semaphore, active):
    active.add(task_id)
    await asyncio.sleep(0.01)
    active.remove(task_id)


class TokenBucket:
    def __init__(self, rate, max_tokens):
        self.rate, self.max_tokens = rate, max_tokens
        self.tokens, self.counted_at = float(max_tokens), time.monotonic()
        self.lock = asyncio.Lock()

    def _refill(self):
        now = time.monotonic()
        self.tokens = min(self.max_tokens, self.tokens + (now - self.counted_at) * self.rate)
        self.counted_at = now

    async def acquire(self):
        async with self.lock:
            self._refill()
            while self.tokens < 1:
                await asyncio.sleep((1 - self.tokens) / self.rate)
                self._refill()
            self.tokens -= 1


class StaleTimestampBucket(TokenBucket):
    """The practice page's defect: after sleeping, the refill timestamp is not moved."""

    async def acquire(self):
        async with self.lock:
            now = time.monotonic()
            self.tokens = min(self.max_tokens, self.tokens + (now - self.counted_at) * self.rate)
            if self.tokens < 1:
                await asyncio.sleep((1 - self.tokens) / self.rate)
                self.tokens = 0
            else:
                self.tokens -= 1
            self.counted_at = now


async def producer(queue, n):
    for item in range(n):
        await queue.put(item)


async def consumer(queue, results):
    while True:
        item = await queue.get()
        await asyncio.sleep(0.005)
        results.append(item)
        queue.task_done()


async def consumer_that_stops_at_nine(queue, results):
    while True:
        item = await queue.get()
        await asyncio.sleep(0.005)
        results.append(item)
        queue.task_done()
        if item == 9:
            return


class AsyncRWLock:
    """Writer-preferring: once a writer waits, new readers wait behind it."""

    def __init__(self):
        self._changed = asyncio.Condition()
        self._readers = 0
        self._writing = False
        self._writers_waiting = 0

    async def acquire_read(self):
        async with self._changed:
            await self._changed.wait_for(lambda: not self._writing and not self._writers_waiting)
            self._readers += 1

    async def release_read(self):
        async with self._changed:
            self._readers -= 1
            if not self._readers:
                self._changed.notify_all()

    async def acquire_write(self):
        async with self._changed:
            self._writers_waiting += 1
            try:
                await self._changed.wait_for(lambda: not self._writing and not self._readers)
            finally:
                self._writers_waiting -= 1
            self._writing = True

    async def release_write(self):
        async with self._changed:
            self._writing = False
            self._changed.notify_all()

    def reader(self):
        return Held(self.acquire_read, self.release_read)

    def writer(self):
        return Held(self.acquire_write, self.release_write)


class Resource:
    def __init__(self, resource_id):
        self.id = resource_id
        self.created_at = time.monotonic()
        self.closed = False

    def check_health(self):
        return not self.closed and time.monotonic() - self.created_at < 0.1

    def close(self):
        self.closed = True


class HealthyPool:
    def __init__(self, size, factory):
        self._factory, self._slots = factory, asyncio.Semaphore(size)
        self._idle, self._out, self._made = [], set(), 0

    async def checkout(self):
        await self._slots.acquire()
        try:
            while self._idle:
                resource = self._idle.pop()
                if resource.check_health():
                    break
                resource.close()
            else:
                self._made += 1
                resource = self._factory(self._made)
        except BaseException:
            self._slots.release()
            raise
        self._out.add(id(resource))
        return resource

    async def checkin(self, resource):
        if id(resource) not in self._out:
            raise ValueError("this resource did not come from this pool")
        self._out.discard(id(resource))
        self._idle.append(resource)
        self._slots.release()

    @contextlib.asynccontextmanager
    async def resource(self):
        resource = await self.checkout()
        try:
            yield resource
        finally:
            await self.checkin(resource)


class PoolWithoutHealthChecks(HealthyPool):
    async def checkout(self):
        await self._slots.acquire()
        if self._idle:
            resource = self._idle.pop()
        else:
            self._made += 1
            resource = self._factory(self._made)
        self._out.add(id(resource))
        return resource


# --- P02 -------------------------------------------------------------------------

def test_semaphore_experiment_shows_limit_against_time_and_peak():
    exp = semaphore_experiment(api_call, tasks=10, limit=3)
    assert isinstance(exp, Experiment) and exp.failure is None
    figures = exp.outcome.figures
    assert figures["peak"] == 3 and figures["total_time"] == pytest.approx(0.04)
    assert figures["peaks"] == {n: n for n in range(1, 11)}
    assert figures["times_ms"] == pytest.approx({n: math.ceil(10 / n) * 10 for n in range(1, 11)})
    view = exp.timeline
    assert set(view.model.tasks) >= {f"call-{i}" for i in range(10)}
    assert len(view.model.spans_of(category="hold:semaphore")) == 10
    assert len(view.model.spans_of(category="wait:semaphore")) == 7
    assert len(view.model.spans_of(category="busy")) == 10  # each call's stay in `active`
    assert "bounded, and not serialized" in exp.report.value


def test_semaphore_experiment_reacts_to_its_knobs():
    exp = semaphore_experiment(api_call, tasks=10, limit=3)
    before = exp.timeline
    exp.knobs["limit"].value = 5  # as a slider move does
    assert exp.outcome.figures["peak"] == 5 and exp.outcome.figures["total_time"] == pytest.approx(0.02)
    assert exp.timeline is not before and len(exp.timeline.model.spans_of(category="wait:semaphore")) == 5
    exp.set(tasks=4, limit=12)
    assert exp.outcome.figures["peak"] == 4 and exp.outcome.figures["total_time"] == pytest.approx(0.01)
    assert "limit = 12" in exp.to_html() and "tasks = 4" in exp.to_html()


def test_semaphore_experiment_shows_an_unbounded_call():
    exp = semaphore_experiment(api_call_without_the_semaphore, tasks=6, limit=2)
    assert exp.outcome.figures["peak"] == 6 and "more than allowed" in exp.report.value


# --- P05 -------------------------------------------------------------------------

def test_token_bucket_experiment_shows_burst_then_rate():
    exp = token_bucket_experiment(TokenBucket, rate=10, max_tokens=3)
    figures = exp.outcome.figures
    assert figures["burst"] == 3 and figures["burst_after_idle"] == 3 and figures["within_bound"]
    assert figures["first_wave_done"] == pytest.approx(0.9)
    assert figures["admitted"][3:12] == pytest.approx([0.1 * k for k in range(1, 10)], abs=1e-5)  # 1 µs ticks
    view = exp.timeline
    assert view.model.tasks == [f"request-{i}" for i in range(18)]
    assert len(view.model.spans_of(category="wait:token")) == 18
    assert "waiting for a token" in [c.label for c in view.model.legend]
    assert "<svg" in exp.charts.value and "max_tokens + rate x t" in exp.charts.value


def test_token_bucket_experiment_reacts_to_rate_and_burst():
    exp = token_bucket_experiment(TokenBucket, rate=10, max_tokens=3)
    exp.set(rate=20, max_tokens=5)
    figures = exp.outcome.figures
    assert figures["burst"] == 5 and figures["burst_after_idle"] == 5
    assert figures["first_wave_done"] == pytest.approx((12 - 5) / 20, abs=1e-5)
    exp.knobs["max_tokens"].value = 1
    assert exp.outcome.figures["burst"] == 1 and exp.outcome.figures["within_bound"]


def test_token_bucket_experiment_exposes_the_stale_timestamp_bug():
    exp = token_bucket_experiment(StaleTimestampBucket, rate=10, max_tokens=3)
    assert not exp.outcome.figures["within_bound"]
    assert "NO:" in exp.report.value


def test_token_bucket_experiment_reports_a_placeholder_instead_of_raising():
    class Placeholder:
        def __init__(self, rate, max_tokens):
            raise NotImplementedError()

        async def acquire(self):
            pass

    exp = token_bucket_experiment(Placeholder)
    assert exp.outcome is None and exp.timeline is None
    assert "NotImplementedError" in exp.report.value and "could not run this experiment" in exp.report.value
    assert "replay(" not in exp.report.value  # its scenario is internal: no replay hint
    assert "NotImplementedError" in exp._repr_mimebundle_()["text/html"]


def test_experiments_refuse_what_is_not_a_solution():
    def not_async(task_id, semaphore, active):
        pass

    exp = semaphore_experiment(not_async)
    assert "must be a coroutine function" in exp.report.value
    assert "must be a class" in token_bucket_experiment(42).report.value


# --- P06 -------------------------------------------------------------------------

def test_queue_experiment_shows_backpressure():
    exp = queue_experiment(producer, consumer, maxsize=3, consumers=1)
    figures = exp.outcome.figures
    assert figures["peak"] == 3 and figures["processed"] == list(range(20))
    assert figures["producer_blocked"] > 0 and figures["put_waits"] > 0
    assert figures["blocked_by_maxsize"][0] == 0  # unbounded: never waits
    assert figures["peak_by_maxsize"][0] == 20  # ... and everything piles up
    blocked = [figures["blocked_by_maxsize"][s] for s in range(1, 11)]
    assert blocked == sorted(blocked, reverse=True)  # a bigger queue, less waiting
    view = exp.timeline
    assert view.model.spans_of("producer", "full:queue")
    assert sum(s.duration for s in view.model.spans_of("producer", "full:queue")) == pytest.approx(
        figures["producer_blocked"])
    assert "blocked in put(): queue full" in [c.label for c in view.model.legend]


def test_queue_experiment_reacts_to_maxsize_and_consumers():
    exp = queue_experiment(producer, consumer, maxsize=3, consumers=1)
    one = exp.outcome.figures
    exp.set(maxsize=0)
    assert exp.outcome.figures["producer_blocked"] == 0 and exp.outcome.figures["peak"] == 20
    assert not exp.timeline.model.spans_of("producer", "full:queue")
    exp.set(maxsize=3, consumers=4)
    four = exp.outcome.figures
    assert four["finished"] < one["finished"] and four["producer_blocked"] < one["producer_blocked"]
    assert len([t for t in exp.timeline.model.tasks if t.startswith("consumer-")]) == 4


def test_queue_experiment_explains_a_consumer_that_stops_on_a_value():
    exp = queue_experiment(producer, consumer_that_stops_at_nine)
    assert exp.failure is not None and "Deadlock" in exp.report.value and "queue.join()" in exp.report.value


# --- P09 -------------------------------------------------------------------------

def test_rwlock_experiment_compares_writer_preference_with_the_baseline():
    exp = rwlock_experiment(AsyncRWLock, readers=4, writers=1, read_ms=30)
    yours, baseline = exp.outcome.figures["yours"], exp.outcome.figures["readers-first"]
    assert yours["max_writer_wait"] <= 0.03 + 1e-9  # in after about one read
    assert baseline["max_writer_wait"] > 0.3  # starved until the reads stop at t=0.4 s
    assert yours["peak_readers"] > 1 and baseline["peak_readers"] > 1
    assert not yours["not_alone"] and not baseline["not_alone"]
    view = exp.timeline
    assert view.model.spans_of("writer-0", "hold:write") and view.model.spans_of("writer-0", "wait:write")
    assert len({s.task for s in view.model.spans_of(category="hold:read")}) == 4


def test_rwlock_experiment_draws_the_lock_the_toggle_picks():
    exp = rwlock_experiment(AsyncRWLock)
    (ours,) = exp.timeline.model.spans_of("writer-0", "wait:write")
    exp.knobs["lock"].value = "readers-first"
    (theirs,) = exp.timeline.model.spans_of("writer-0", "wait:write")
    assert theirs.duration > 10 * ours.duration
    assert "readers-preferring baseline" in exp.timeline.title
    exp.set(writers=0)
    assert not exp.timeline.model.spans_of(category="hold:write") and exp.charts.value == ""


def test_readers_first_baseline_is_exclusive_but_starves_writers():
    exp = rwlock_experiment(ReadersFirstRWLock, readers=3, writers=2)
    figures = exp.outcome.figures["yours"]
    assert not figures["not_alone"] and figures["max_writer_wait"] > 0.2


# --- P11 -------------------------------------------------------------------------

def test_pool_experiment_shows_size_and_lifetime():
    exp = pool_experiment(HealthyPool, Resource, size=3, lifetime_ms=100)
    figures = exp.outcome.figures
    assert figures["peak_out"] == 3 and not figures["unhealthy_handed_out"]
    assert figures["created"] - figures["closed"] <= 3
    view = exp.timeline
    assert len(view.model.spans_of(category="hold:pool")) == 18  # 6 workers x 3 jobs
    assert {m.kind for m in view.model.marks} >= {"create"}
    exp.set(lifetime_ms=10)
    short = exp.outcome.figures
    assert short["created"] > figures["created"] and short["closed"] > figures["closed"]
    assert not short["unhealthy_handed_out"]
    exp.set(size=6, lifetime_ms=1000)
    assert exp.outcome.figures["peak_out"] == 6 and exp.outcome.figures["finished"] < figures["finished"]


def test_pool_experiment_catches_an_unhealthy_handout_and_works_without_a_resource_class():
    exp = pool_experiment(PoolWithoutHealthChecks, Resource, lifetime_ms=10)
    assert exp.outcome.figures["unhealthy_handed_out"] and "UNHEALTHY HANDED OUT" in exp.report.value
    plain = pool_experiment(HealthyPool)
    assert plain.failure is None and plain.outcome.figures["peak_out"] == 3


# --- bounded ---------------------------------------------------------------------------

def test_a_solution_that_never_yields_gives_a_message_not_a_hang():
    async def spins(task_id, semaphore, active):
        while True:
            pass

    exp = semaphore_experiment(spins, tasks=3, limit=1)
    assert exp.failure is not None and "Never yields" in exp.report.value
    assert exp.knobs["limit"].value == 1  # the knobs stay usable


def test_rwlock_experiment_shows_the_baseline_while_the_students_lock_cannot_run():
    class Unsolved:  # the released solution cell, as a student first runs it
        def __init__(self) -> None:
            raise NotImplementedError()

        async def acquire_read(self) -> None: ...

        async def release_read(self) -> None: ...

        async def acquire_write(self) -> None: ...

        async def release_write(self) -> None: ...

    for lock_class in (Unsolved, None):
        exp = rwlock_experiment(lock_class, readers=4, writers=1)
        assert exp.failure is not None and "Your code could not run this experiment" in exp.report.value
        assert exp.outcome.figures["readers-first"]["max_writer_wait"] > 0.3  # the baseline starves the writer
        assert "readers-preferring baseline alone" in exp.report.value and exp.charts.value
        assert exp.timeline.model.spans_of("writer-0", "wait:write")
        assert "readers-preferring baseline" in exp.timeline.title
        text = exp.to_text()
        assert "NotImplementedError" in text or "must be a class" in text
        assert "readers-preferring baseline alone" in text
    exp.set(writers=0)
    assert exp.failure is not None and exp.charts.value == "" and "no writers" in exp.report.value
