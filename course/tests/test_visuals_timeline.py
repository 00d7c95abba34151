"""course.visuals timelines: built from real harness traces, drawn, interactive, with a static copy."""

from __future__ import annotations

import asyncio
import os
import re
import subprocess
import sys

import pytest

from course.testing import explore, require, run
from course.visuals import Timeline, build, record, replay, timeline
from course.visuals.lanes import CATEGORIES, infer_kinds


async def every_primitive(sim):
    """two callers share a semaphore of 1 and a lock; a barrier, an event, a condition, a bounded queue"""
    permit, db, ready = sim.semaphore(1, "api"), sim.lock("db"), sim.event("ready")
    changed, queue, meet = sim.condition("changed"), sim.queue(1, "jobs"), sim.barrier(2, "meet")
    box: list[int] = []

    async def caller():
        await ready.wait()
        async with permit:
            async with db:
                await asyncio.sleep(0.01)

    async def producer():
        for item in range(3):
            await queue.put(item)

    async def consumer():
        for _ in range(3):
            await queue.get()
            await asyncio.sleep(0.004)
            queue.task_done()

    async def waiter():
        async with changed:
            await changed.wait_for(lambda: box)
        await meet.wait()

    async def notifier():
        await asyncio.sleep(0.03)
        async with changed:
            box.append(1)
            changed.notify_all()
        await asyncio.sleep(0.005)
        await meet.wait()

    tasks = [sim.spawn(caller(), "caller-a"), sim.spawn(caller(), "caller-b"), sim.spawn(producer(), "producer"),
             sim.spawn(consumer(), "consumer"), sim.spawn(waiter(), "waiter"), sim.spawn(notifier(), "notifier")]
    await asyncio.sleep(0.002)
    ready.set()
    await asyncio.gather(*tasks)


@pytest.fixture(scope="module")
def trace():
    recording = record(every_primitive)
    assert recording.passed, recording.failure
    return recording.trace


def _close(a: float, b: float) -> bool:
    return abs(a - b) < 1e-9


def test_kinds_are_inferred_from_the_events(trace):
    kinds = infer_kinds(trace.events)
    # A semaphore of 1 never has two holders: it looks like a lock (`kinds=` says otherwise).
    assert kinds["api"] == "lock" and build(trace, kinds={"api": "semaphore"}).kinds["api"] == "semaphore"
    assert (kinds["db"], kinds["ready"], kinds["changed"], kinds["jobs"], kinds["meet"]) == (
        "lock", "event", "condition", "queue", "barrier")
    assert kinds["changed.lock"] == "lock"


def test_lanes_are_the_tasks_in_order_of_appearance(trace):
    model = build(trace, kinds={"api": "semaphore"})
    assert model.tasks == trace.tasks()
    assert {"caller-a", "caller-b", "producer", "consumer", "waiter", "notifier", "scenario"} == set(model.tasks)
    assert [lane.index for lane in model.lanes] == list(range(len(model.lanes)))
    assert model.start == 0.0 and _close(model.end, trace.events[-1].time)


def test_holding_and_waiting_spans_match_the_schedule(trace):
    model = build(trace, kinds={"api": "semaphore"})
    # Both callers wait on the event until it is set at t=2 ms.
    for caller in ("caller-a", "caller-b"):
        (wait,) = model.spans_of(caller, "wait:event")
        assert _close(wait.start, 0.0) and _close(wait.end, 0.002)
    # One permit: the callers hold it one after the other, 10 ms each; the second waited for it.
    holds = sorted(model.spans_of(category="hold:semaphore", obj="api"), key=lambda s: s.start)
    assert [(round(s.start, 6), round(s.end, 6)) for s in holds] == [(0.002, 0.012), (0.012, 0.022)]
    (waited,) = model.spans_of(holds[1].task, "wait:semaphore")
    assert _close(waited.start, 0.002) and _close(waited.end, 0.012)
    assert len(model.spans_of(category="hold:lock", obj="db")) == 2
    # The waiter waits on the condition until the notifier notifies at t=30 ms.
    (cond,) = model.spans_of("waiter", "wait:condition")
    assert _close(cond.start, 0.0) and _close(cond.end, 0.03)
    # Barrier: the waiter arrives first and waits for the notifier (t=35 ms).
    (meet,) = model.spans_of("waiter", "wait:barrier")
    assert _close(meet.start, 0.03) and _close(meet.end, 0.035)
    # A bounded queue of 1: the producer blocks in put() on a full queue; the consumer
    # never finds it empty after the first item.
    assert model.spans_of("producer", "full:queue")
    assert all(s.end >= s.start for s in model.spans)
    assert not any(s.open_at_end for s in model.spans)


def test_legend_lists_exactly_the_categories_drawn(trace):
    model = build(trace, kinds={"api": "semaphore"})
    labels = [c.label for c in model.legend]
    assert labels == [c.label for c in sorted(model.legend, key=lambda c: c.order)]
    assert {c.key for c in model.legend} == {s.category for s in model.spans}
    for key in ("running", "hold:semaphore", "wait:semaphore", "hold:lock", "wait:event", "wait:condition",
                "wait:barrier", "full:queue"):
        assert CATEGORIES[key] in model.legend, key


async def alone_then_overlapping(sim):
    """one update alone, then two at once: an update and lost updates, of one rank in the legend"""
    counter = sim.shared_list([0], "counter")

    async def update():
        value = counter[0]
        await asyncio.sleep(0.001)
        counter[0] = value + 1

    await sim.spawn(update(), "alone")
    await asyncio.gather(sim.spawn(update(), "a"), sim.spawn(update(), "b"))


def test_the_legend_order_is_the_same_in_every_process():
    """Entries of one rank come in the table's order, not a set's: the same run's legend is drawn the
    same under any hash seed (a kernel's or a check process's)."""
    code = ("from course.tests.test_visuals_timeline import every_primitive, alone_then_overlapping\n"
            "from course.visuals import build, record\n"
            "for scenario in (every_primitive, alone_then_overlapping):\n"
            "    print(*(c.key for c in build(record(scenario, seed=3).trace).legend))\n")
    legends = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                              env={**os.environ, "PYTHONHASHSEED": str(seed)}).stdout for seed in range(6)}
    assert len(legends) == 1, legends
    for line in legends.pop().splitlines():
        keys = line.split()
        assert keys == [k for k in sorted(CATEGORIES, key=lambda k: CATEGORIES[k].order) if k in keys], keys


def test_instant_events_become_marks_that_name_them(trace):
    model = build(trace)
    kinds = {(m.kind, m.obj) for m in model.marks}
    assert {("set", "ready"), ("notify", "changed"), ("get", "jobs"), ("task-done", "jobs")} <= kinds
    (setter,) = [m for m in model.marks if m.kind == "set"]
    assert model.lanes[setter.lane].task == "scenario" and "set 'ready'" in setter.title


def test_a_span_still_open_at_the_end_is_drawn_to_the_end():
    async def consumer_left_waiting(sim):
        queue = sim.queue(0, "jobs")

        async def consumer():
            await queue.get()

        task = sim.spawn(consumer(), "consumer")
        await asyncio.sleep(0.05)
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)

    model = build(record(consumer_left_waiting).trace)
    (empty,) = model.spans_of("consumer", "empty:queue")
    assert empty.open_at_end and _close(empty.start, 0.0) and "still so" in empty.title


def test_scenario_notes_begin_end_draw_their_own_interval():
    async def noted(sim):
        sim.trace.note("begin", "fetching the page", obj="fetch")
        await asyncio.sleep(0.02)
        sim.trace.note("end", obj="fetch")

    model = build(record(noted).trace)
    (busy,) = model.spans_of("scenario", "busy")
    assert _close(busy.end - busy.start, 0.02) and busy.title.startswith("scenario: fetching the page")


def test_the_widget_draws_its_model(trace):
    view = Timeline(trace, title="every primitive", kinds={"api": "semaphore"})
    svg = view.picture.value
    assert svg.startswith("<svg") and "every primitive" in svg
    drawn = re.findall(r'data-category="([^"]+)"', svg)
    assert sorted(drawn) == sorted(s.category for s in view.model.spans)
    for task in view.model.tasks:
        assert f">{task}</text>" in svg
    for category in view.model.legend:
        assert category.label in svg
    # Every span and mark carries its hover text.
    assert svg.count("<title>") >= len(view.model.spans) + len(view.model.marks)


def test_picking_an_event_marks_it_and_names_it(trace):
    view = timeline(trace)
    assert 'class="cursor"' not in view.picture.value and view.details.value == ""
    notify = next(e for e in trace.events if e.kind == "notify")
    view.event_list.value = notify.seq
    assert view.selected is notify
    assert 'class="cursor"' in view.picture.value
    assert "notify" in view.details.value and "notifier" in view.details.value
    assert "lock held" in view.details.value  # the notifier holds the condition's lock meanwhile
    view.event_list.value = -1
    assert 'class="cursor"' not in view.picture.value


def test_zooming_redraws_only_the_window(trace):
    view = timeline(trace)
    full = view.picture.value
    view.window.value = (0.0, 0.005)
    zoomed = view.picture.value
    assert zoomed != full
    # Spans outside the window (the barrier wait from t=30 ms) are not drawn.
    inside = [s for s in view.model.spans if s.end >= 0.0 and s.start <= 0.005]
    assert zoomed.count("data-category=") == len(inside) < full.count("data-category=")
    assert 'data-category="wait:barrier"' in full and 'data-category="wait:barrier"' not in zoomed


def test_the_static_copy_travels_in_the_display_bundle(trace):
    view = Timeline(trace, title="static", caption="a caption")
    bundle = view._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    html = bundle["text/html"]
    assert html == view.to_html()
    assert "<svg" in html and "<script" not in html and "a caption" in html
    assert html.count("data-category=") == len(view.model.spans)
    assert bundle["text/plain"].startswith("static\nTimeline of 7 task(s)")
    assert "producer: " in bundle["text/plain"]


def test_bad_input_says_what_to_pass():
    with pytest.raises(TypeError, match="draw a course.testing Trace"):
        Timeline([1, 2, 3])
    with pytest.raises(TypeError, match="async def"):
        record(lambda sim: None)


def test_an_empty_trace_draws_an_empty_timeline():
    async def nothing(sim):
        await asyncio.sleep(0.01)

    view = timeline(record(nothing).trace)
    assert view.model.lanes == [] and view.model.spans == []
    assert view.to_html().count("<svg") == 1


# --- failure pictures ---------------------------------------------------------

async def _racy_increments(sim) -> int:
    """4 read-await-write increments under a lock taken too late; returns the counter's end value."""
    counter, lock = sim.shared_list([0], "counter"), sim.lock("lock")

    async def increment():
        value = counter[0]
        await asyncio.sleep(0.001)
        async with lock:
            counter[0] = value + 1

    await asyncio.gather(*(sim.spawn(increment(), f"inc-{i}") for i in range(4)))
    return counter[0]


async def racy_counter(sim):
    """4 read-await-write increments under a lock taken too late add 4"""
    total = await _racy_increments(sim)
    require(total == 4, "4 increments add 4", f"the counter is {total}")


def test_a_failure_names_the_one_line_that_draws_it():
    with pytest.raises(AssertionError) as caught:
        explore(racy_counter, seeds=5)
    failure = caught.value
    line = f"Draw this schedule: from course.visuals import replay; replay(racy_counter, seed={failure.seed})"
    assert line in str(failure)
    # The line works as written.
    namespace = {"racy_counter": racy_counter}
    exec(line.split(": ", 1)[1], namespace)
    view = namespace["replay"](racy_counter, seed=failure.seed)
    assert isinstance(view, Timeline)


def test_replay_draws_the_failing_schedule_and_says_why():
    with pytest.raises(AssertionError) as caught:
        explore(racy_counter, seeds=5)
    seed = caught.value.seed
    view = replay(racy_counter, seed=seed)
    assert view.failure is not None and view.failure.seed == seed
    assert "FAILED" in view.caption and "4 increments add 4" in view.caption
    assert "FAILED" in view.to_html()
    assert set(view.model.tasks) >= {f"inc-{i}" for i in range(4)}
    assert len(view.model.spans_of(category="hold:lock")) == 4
    # The same seed is the same schedule: the picture is reproducible.
    again = replay(racy_counter, seed=seed)
    assert [(e.time, e.task, e.kind, e.obj) for e in again.model.events] == [
        (e.time, e.task, e.kind, e.obj) for e in view.model.events]


async def racy_counter_with_a_note(sim):
    """the same increments, its failure's last words a parenthesis"""
    total = await _racy_increments(sim)
    require(total == 4, "4 increments add 4", f"the counter is {total} (updates lost)")


def test_a_caption_ends_each_sentence_before_the_next():
    # The P01 check's failure ends "(updates lost)": the note on overlapping updates that follows
    # ran on into it ("... (updates lost) 3 of the 4 updates ...").
    with pytest.raises(AssertionError) as caught:
        explore(racy_counter_with_a_note, seeds=5)
    caption = replay(racy_counter_with_a_note, seed=caught.value.seed).caption
    assert "(updates lost). " in caption and "updates of counter overlapped another task's" in caption, caption


def test_replay_of_a_passing_or_untraced_scenario_says_so():
    async def fine(sim):
        """a lock is free"""
        async with sim.lock():
            pass

    async def untraced(sim):
        """plain asyncio objects only"""
        await asyncio.sleep(0.01)

    assert "passed" in replay(fine).caption and replay(fine).failure is None
    view = replay(untraced, seed=1)
    assert "No task waited for or held" in view.caption
    assert view.model.tasks == ["scenario"]  # the scenario's own lane, at least


async def increment_plain(counter, lock, n):
    for _ in range(n):
        value = counter[0]
        async with lock:
            await asyncio.sleep(0.001)
            counter[0] = value + 1


async def plain_lock_race(sim):
    """3 tasks x 2 increments under a plain asyncio.Lock give 6"""
    counter, lock = [0], asyncio.Lock()
    await asyncio.gather(*(increment_plain(counter, lock, 2) for _ in range(3)))
    require(counter[0] == 6, "3 x 2 increments give 6", f"the counter is {counter[0]}")


def test_replay_draws_plain_asyncio_primitives():
    # A visible check's scenario with a plain asyncio.Lock (P01's): before, an empty chart.
    with pytest.raises(AssertionError) as caught:
        run(plain_lock_race)
    assert "Draw this schedule: from course.visuals import replay; replay(plain_lock_race)" in str(caught.value)
    view = replay(plain_lock_race)
    assert view.failure is not None and "No task waited" not in view.caption
    workers = [t for t in view.model.tasks if t.startswith("increment_plain")]
    assert len(workers) == 3
    assert view.model.kinds["lock"] == "lock"
    held = view.model.spans_of(category="hold:lock", obj="lock")
    assert len(held) == 6 and all(abs(s.duration - 0.001) < 1e-9 for s in held)
    assert len({s.task for s in view.model.spans_of(category="wait:lock")}) >= 2
    # Never two holders at once, as the lock promises.
    edges = sorted([(s.start, 1) for s in held] + [(s.end, -1) for s in held])
    inside = peak = 0
    for _, delta in edges:
        inside += delta
        peak = max(peak, inside)
    assert peak == 1


async def increment_own_lock(counter, lock, n):
    for _ in range(n):
        async with asyncio.Lock():  # a new lock for every update, in no variable: it excludes nobody
            value = counter[0]
            await asyncio.sleep(0.001)
            counter[0] = value + 1


async def unnamed_lock_race(sim):
    """3 tasks x 2 increments sharing one lock give 6"""
    counter, lock = [0], asyncio.Lock()
    await asyncio.gather(*(increment_own_lock(counter, lock, 2) for _ in range(3)))
    require(counter[0] == 6, "3 x 2 increments give 6", f"the counter is {counter[0]}")


def test_replay_draws_a_lock_no_variable_holds():
    # A newcomer's P01: `async with asyncio.Lock():` in each update. The replay drew four bars
    # with nothing on them and said no task held a lock: the tasks held one each, at once.
    view = replay(unnamed_lock_race)
    assert view.failure is not None and "No task waited" not in view.caption
    held = view.model.spans_of(category="hold:lock")
    assert len(held) == 6 and all(s.obj.startswith("lock used in increment_own_lock()") for s in held)
    assert len({s.obj for s in held}) == 6  # each update its own lock, never the scenario's `lock`
    assert len({s.task for s in held if s.start < 0.001}) == 3  # all three inside at once


def test_replay_of_a_deadlock_shows_every_blocked_task():
    async def forgets_to_release(task_id, semaphore, active):
        await semaphore.acquire()
        active.add(task_id)
        await asyncio.sleep(0.01)
        active.discard(task_id)

    async def six_calls(sim):
        """6 calls through a semaphore of 1"""
        semaphore, active = asyncio.Semaphore(1), sim.shared_set(name="active")
        await asyncio.gather(*(forgets_to_release(i, semaphore, active) for i in range(6)))

    view = replay(six_calls, seed=2)
    assert "Deadlock" in view.caption
    waiting = {s.task for s in view.model.spans_of(category="wait:semaphore") if s.open_at_end}
    holding = {s.task for s in view.model.spans_of(category="hold:semaphore") if s.open_at_end}
    assert len(waiting) == 5 and len(holding) == 1 and not waiting & holding


def test_replay_draws_conditions_queues_and_events():
    async def pipeline(sim):
        """a condition, a queue and an event, all plain"""
        condition, queue, ready = asyncio.Condition(), asyncio.Queue(maxsize=1), asyncio.Event()
        items = []

        async def waiter():
            async with condition:
                await condition.wait_for(lambda: items)

        async def getter():
            await ready.wait()
            for _ in range(3):
                await queue.get()
                await asyncio.sleep(0.01)

        async def putter():
            ready.set()
            for i in range(3):
                await queue.put(i)
            await asyncio.sleep(0.05)
            async with condition:
                items.append(1)
                condition.notify_all()

        tasks = [sim.spawn(waiter(), "waiter"), sim.spawn(getter(), "getter")]
        await asyncio.sleep(0.001)
        await asyncio.gather(*tasks, sim.spawn(putter(), "putter"))

    view = replay(pipeline)
    assert view.failure is None
    assert {"condition": "condition", "queue": "queue", "ready": "event"}.items() <= view.model.kinds.items()
    assert view.model.spans_of("waiter", "wait:condition")
    assert view.model.spans_of("getter", "wait:event")
    assert view.model.spans_of("putter", "full:queue")
    assert [m.kind for m in view.model.marks if m.obj == "ready"] == ["set"]
    assert sum(m.kind == "get" for m in view.model.marks if m.obj == "queue") == 3


def test_no_draw_line_when_the_replay_would_draw_nothing():
    async def missing(sim):
        """a name the check needs"""
        await asyncio.sleep(0)
        return undefined_name  # noqa: F821

    with pytest.raises(AssertionError) as caught:
        run(missing)
    assert "NameError" in str(caught.value) and "Draw this schedule" not in str(caught.value)

    async def spins(sim):
        """never yields"""
        while True:
            pass

    with pytest.raises(AssertionError) as caught:
        run(spins, cpu_limit=0.2)
    assert "Draw this schedule" not in str(caught.value)


def test_a_failure_without_a_seed_names_the_line_too():
    async def no_seed(sim):
        """a check run without a seed"""
        await asyncio.gather(asyncio.sleep(0.01), asyncio.sleep(0.02))
        require(False, "it holds", "it did not")

    with pytest.raises(AssertionError) as caught:
        run(no_seed)
    assert "Draw this schedule: from course.visuals import replay; replay(no_seed)" in str(caught.value)
    assert "Schedule seed" not in str(caught.value)


def test_no_draw_line_for_a_scenario_that_ran_alone():
    # P08's and P10's visible checks call the solution one call after another: a replay
    # would draw the scenario's one lane and nothing on it.
    async def alone(sim):
        """one call after another"""
        await asyncio.sleep(0.01)
        require(False, "it holds", "it did not")

    with pytest.raises(AssertionError) as caught:
        run(alone)
    assert "Draw this schedule" not in str(caught.value)
    view = replay(alone)
    assert view.model.tasks == ["scenario"] and not [s for s in view.model.spans if s.obj]


def test_replay_sees_what_the_scenario_took_in_its_first_step():
    async def holds_from_the_start(sim):
        """the scenario takes a plain lock at once; another task waits for it"""
        lock = asyncio.Lock()
        await lock.acquire()

        async def other():
            async with lock:
                await asyncio.sleep(0.001)

        task = asyncio.ensure_future(other())
        await asyncio.sleep(0.01)
        lock.release()
        await task

    view = replay(holds_from_the_start)
    (held,) = view.model.spans_of("scenario", "hold:lock")
    assert (held.start, held.end) == (0.0, 0.01)
    (waited,) = view.model.spans_of("other-1", "wait:lock")
    assert (waited.start, waited.end) == (0.0, 0.01)
    assert view.model.spans_of("other-1", "hold:lock")


class _WriterIgnoresReaders:
    """A read-write lock whose writer never waits for the readers (P09's bug)."""

    def __init__(self):
        self._changed = asyncio.Condition()
        self._readers = 0

    async def acquire_read(self):
        async with self._changed:
            self._readers += 1

    async def release_read(self):
        async with self._changed:
            self._readers -= 1

    async def acquire_write(self):
        await asyncio.sleep(0)

    async def release_write(self):
        await asyncio.sleep(0)


def test_replay_draws_a_lock_the_student_wrote_through_its_methods():
    async def readers_then_writer(sim):
        """a writer is alone"""
        lock, inside = _WriterIgnoresReaders(), []

        async def read():
            await lock.acquire_read()
            inside.append("r")
            await asyncio.sleep(0.02)
            inside.remove("r")
            await lock.release_read()

        async def write():
            await asyncio.sleep(0.005)
            await lock.acquire_write()
            clash = list(inside)
            await asyncio.sleep(0.01)
            await lock.release_write()
            require(not clash, "a writer is alone", f"{len(clash)} readers were inside")

        await asyncio.gather(read(), read(), write())

    view = replay(readers_then_writer)
    assert view.failure is not None
    reads = view.model.spans_of(category="hold:read")
    (written,) = view.model.spans_of(category="hold:write")
    assert len(reads) == 2 and all(r.start < written.start < r.end for r in reads)
    assert (written.start, written.end) == (0.005, 0.015)


# --- P01: a lost update, drawn as overlapping read ... write bars ------------------

async def increment_no_lock(counter, lock, n):
    for _ in range(n):
        current = counter[0]
        await asyncio.sleep(0.001)
        counter[0] = current + 1


async def increment_locked(counter, lock, n):
    for _ in range(n):
        async with lock:
            current = counter[0]
            await asyncio.sleep(0.001)
            counter[0] = current + 1


def _p01_check(increment):
    """P01's visible check (1_easy.ipynb, p01_test_visible) for `increment`."""
    async def three_tasks_ten_increments(sim):
        """3 tasks x 10 increments sharing one lock give exactly 30"""
        counter, lock = sim.shared_list([0], "counter"), sim.lock("lock")
        await asyncio.gather(*(increment(counter, lock, 10) for _ in range(3)))
        require(type(counter[0]) is int and counter[0] == 30, "3 tasks x 10 increments give exactly 30",
                lambda: f"the counter ended at {counter[0]}")
    return three_tasks_ten_increments


def test_replay_of_a_lost_update_draws_each_update_and_the_overlaps():
    # A newcomer's trial: the replay of P01 without a lock showed reads and writes as ticks and
    # nothing of the read ... write window each update is, whose overlap is the lost update.
    view = replay(_p01_check(increment_no_lock))
    assert view.failure is not None
    workers = [t for t in view.model.tasks if t.startswith("increment_no_lock")]
    assert len(workers) == 3
    updates = [s for s in view.model.spans if s.category.startswith("update")]
    assert sorted({s.task for s in updates}) == sorted(workers) and len(updates) == 30
    assert all(abs(s.duration - 0.001) < 1e-9 for s in updates)  # read, `await`, write: 1 ms each
    # All three tasks read 0 at t=0 and write 1 at 1 ms: each update overlaps the others'.
    first = [s for s in updates if s.start == 0.0]
    assert len(first) == 3 and all(s.category == "update:overlap" for s in first)
    assert all("read counter[0] = 0" in s.title and "write counter[0] = 1" in s.title for s in first)
    assert all("lost" in s.title for s in first)
    assert CATEGORIES["update:overlap"] in view.model.legend
    assert "overlap" in view.caption
    assert 'data-category="update:overlap"' in view.to_html()


def test_replay_of_locked_updates_draws_them_one_after_another():
    view = replay(_p01_check(increment_locked))
    assert view.failure is None
    updates = view.model.spans_of(category="update")
    assert len(updates) == 30 and not view.model.spans_of(category="update:overlap")
    holds = view.model.spans_of(category="hold:lock")
    assert all(any(h.task == u.task and h.start <= u.start and u.end <= h.end for h in holds) for u in updates)
    assert "overlap" not in view.caption


def test_replay_leaves_out_a_lane_that_only_read_the_shared_state():
    # The replay's observer looked through the scenario's variables between steps, reading the shared
    # list each time (a `main` lane of reads), and the scenario itself only reads it to check it.
    view = replay(_p01_check(increment_no_lock))
    assert not view.recording.trace.select("counter", "read", task="main")
    assert "main" not in view.model.tasks and "scenario" not in view.model.tasks
    assert all(t.startswith("increment_no_lock") for t in view.model.tasks)
    assert "Not drawn: the lane of the check itself, scenario, which only read counter to look at the result." \
        in view.caption
    # The failure's last words and the count of lost updates are two sentences (a student read
    # "the counter ended at 10 30 of the 30 updates ..." as "10 30").
    assert re.search(r"the counter ended at \d+\. \d+ of the 30 updates of counter overlapped", view.caption), view.caption
    # A scenario lane with more to show stays (the counter's writes are by the workers; here it sets an event).
    assert "scenario" in replay(every_primitive).model.tasks


def test_reads_and_writes_of_a_shared_list_are_named_in_words():
    view = replay(_p01_check(increment_no_lock))
    marks = [m for m in view.model.marks if m.obj == "counter"]
    assert {m.kind for m in marks} == {"read", "write"}
    assert all(re.search(r": (read|write) counter\[0\] = \d+$", m.title) for m in marks), marks[0].title
    listed = [label for label, _seq in view.event_list.options]
    assert any(label.endswith("read counter[0] = 0") for label in listed)
    assert not any("(0, 0)" in label for label in listed)


def test_replay_draws_each_tasks_place_in_a_shared_set():
    # P02's `active`: the failure says how many calls were in it at once, and the picture shows them.
    async def no_limit(task_id, semaphore, active):
        active.add(task_id)
        await asyncio.sleep(0.01)
        active.discard(task_id)

    async def within_the_permit(task_id, semaphore, active):
        async with semaphore:
            active.add(task_id)
            await asyncio.sleep(0.01)
            active.discard(task_id)

    for api_call, together in ((no_limit, 6), (within_the_permit, 2)):
        async def six_calls(sim):
            """6 calls through a semaphore of 2"""
            semaphore, active = sim.semaphore(2, "semaphore"), sim.shared_set(name="active")
            await asyncio.gather(*(api_call(i, semaphore, active) for i in range(6)))

        view = replay(six_calls, seed=3)
        members = view.model.spans_of(category="in:set")
        assert len(members) == 6 and {s.obj for s in members} == {"active"}
        assert max(sum(1 for s in members if s.start <= t.start < s.end) for t in members) == together
        assert "in a shared set (from its add to its discard)" in [c.label for c in view.model.legend]
        assert all(" in active, from its add to its discard" in s.title for s in members)
        if api_call is within_the_permit:
            held = view.model.spans_of(category="hold:semaphore")
            assert all(any(h.task == s.task and h.start <= s.start and s.end <= h.end for h in held) for s in members)
        assert 'data-category="in:set"' in view.to_html()
