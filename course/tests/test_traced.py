"""Traced primitives record who did what when; peaks, spans, overlaps; cancellation injection."""

from __future__ import annotations

import asyncio

import pytest

from course.testing import run


def test_semaphore_peak_is_exactly_the_limit():
    async def scenario(sim):
        sem = sim.semaphore(3, "api")

        async def call():
            async with sem:
                await asyncio.sleep(0.01)

        await asyncio.gather(*(call() for _ in range(10)))
        return sim.trace.peak("api"), sim.now(), sim.trace.count("api", "acquire"), sem.permits_out

    peak, elapsed, acquired, out = run(scenario, seed=7)
    assert (peak, acquired, out) == (3, 10, 0)
    assert elapsed == pytest.approx(0.04)


def test_lock_records_waits_holds_and_holders():
    async def scenario(sim):
        lock = sim.lock("db")
        holders = []

        async def user():
            async with lock:
                holders.append([t.get_name() for t in lock.holders])
                await asyncio.sleep(1)

        await asyncio.gather(sim.spawn(user(), "u1"), sim.spawn(user(), "u2"))
        return holders, [(s.task, s.state, s.start, s.end) for s in sim.trace.spans("db")]

    holders, spans = run(scenario)
    assert holders == [["u1"], ["u2"]]
    assert ("u1", "hold", 0.0, 1.0) in spans and ("u2", "wait", 0.0, 1.0) in spans
    assert ("u2", "hold", 1.0, 2.0) in spans


def test_lock_records_the_wait_of_a_task_behind_a_woken_waiter():
    # When A releases, the lock is free but promised to B, who has not run
    # yet: A's next acquire waits its turn, and the trace must say so.
    async def scenario(sim):
        lock = sim.lock("db")

        async def a():
            async with lock:
                await asyncio.sleep(1)
            async with lock:
                pass

        async def b():
            await asyncio.sleep(0.5)
            async with lock:
                await asyncio.sleep(1)

        await asyncio.gather(sim.spawn(a(), "A"), sim.spawn(b(), "B"))
        return [(e.task, e.kind, e.time) for e in sim.trace.select("db")]

    assert run(scenario) == [("A", "acquire", 0.0), ("B", "wait", 0.5), ("A", "release", 1.0),
                             ("A", "wait", 1.0), ("B", "acquire", 1.0), ("B", "release", 2.0),
                             ("A", "acquire", 2.0), ("A", "release", 2.0)]


def test_queue_level_never_exceeds_maxsize_and_producer_waits():
    async def scenario(sim):
        queue = sim.queue(2, "jobs")

        async def producer():
            for i in range(6):
                await queue.put(i)

        async def consumer():
            for _ in range(6):
                await queue.get()
                await asyncio.sleep(0.1)

        await asyncio.gather(producer(), consumer())
        return sim.trace.peak("jobs"), sim.trace.count("jobs", "wait-put"), sim.trace.level("jobs")

    peak, waits, left = run(scenario)
    assert peak == 2 and waits >= 1 and left == 0


def test_event_condition_and_barrier_events():
    async def scenario(sim):
        event, cond, barrier = sim.event("go"), sim.condition("cv"), sim.barrier(2, "meet")

        async def waiter():
            await event.wait()
            async with cond:
                await cond.wait()
            await barrier.wait()

        async def driver():
            await asyncio.sleep(1)
            event.set()
            await asyncio.sleep(1)
            async with cond:
                cond.notify_all()
            await barrier.wait()

        await asyncio.gather(waiter(), driver())
        return [(e.obj, e.kind) for e in sim.trace if e.obj in ("go", "cv", "meet")]

    kinds = run(scenario)
    assert ("go", "wait") in kinds and ("go", "set") in kinds and ("go", "woken") in kinds
    assert kinds.count(("cv", "notify")) == 1 and ("cv", "woken") in kinds
    assert kinds.count(("meet", "passed")) == 2


def test_shared_list_overlap_finds_a_lost_update_and_ignores_lone_reads():
    async def scenario(sim, locked):
        counter, lock = sim.shared_list([0], "counter"), sim.lock()

        async def increment():
            if locked:
                await lock.acquire()
            value = counter[0]
            await asyncio.sleep(0.01)
            counter[0] = value + 1
            if locked:
                lock.release()
            counter[0]  # a read never followed by this task's write opens no window

        await asyncio.gather(increment(), increment())
        return sim.trace.overlapping("counter")

    async def racy(sim):
        return await scenario(sim, False)

    async def safe(sim):
        return await scenario(sim, True)

    assert run(racy) == (2, 0.0)
    assert run(safe)[0] == 1


def test_each_event_names_the_tasks_awaiting_its_task_and_working_for_counts_their_work():
    """`TraceEvent.awaiters`: the tasks awaiting the acting task, nearest first, through a task
    awaited directly, a gather and a TaskGroup; `count(..., working_for=name)` counts the work a
    task hands to the tasks it awaits as its own, and a task merely started (not awaited) is no one's here
    (outside a check process: there it is its starter's, see test_problem_checks)."""
    async def scenario(sim):
        active = sim.shared_set(name="active")

        async def request(tag):
            active.add(tag)
            await asyncio.sleep(0.001)
            active.discard(tag)

        async def direct():
            await asyncio.create_task(request("direct"), name="direct-child")

        async def gathered():
            await asyncio.gather(sim.spawn(request("gathered"), name="gathered-child"))

        async def grouped():
            async with asyncio.TaskGroup() as group:
                group.create_task(request("grouped"), name="grouped-child")

        async def orphan():
            asyncio.create_task(request("orphan"), name="orphan-child")
            await asyncio.sleep(0.01)

        callers = [sim.spawn(f(), name=f.__name__) for f in (direct, gathered, grouped, orphan)]
        await asyncio.wait(callers)
        adds = {e.detail: (e.task, e.awaiters[:1]) for e in sim.trace.select("active", "add")}
        counted = {name: sim.trace.count("active", "add", working_for=name)
                   for name in ("direct", "gathered", "grouped", "orphan")}
        return adds, counted, sim.trace.count("active", "add", task="direct")

    adds, counted, own = run(scenario)
    assert adds == {"direct": ("direct-child", ("direct",)), "gathered": ("gathered-child", ("gathered",)),
                    "grouped": ("grouped-child", ("grouped",)), "orphan": ("orphan-child", ())}
    assert counted == {"direct": 1, "gathered": 1, "grouped": 1, "orphan": 0}
    assert own == 0  # `task=` is still the acting task itself


def test_awaiters_are_worked_out_only_for_the_kinds_checks_ask_whose_work_it_was():
    """`TraceEvent.awaiters` is filled for `AWAITED_KINDS` (locks, writes, a set's members) and is
    () for the rest (reads, waits, notes: most events, which then skip reading asyncio's fields);
    `working_for` with another kind is a clear error, not a silent undercount."""
    from course.testing._trace import AWAITED_KINDS

    async def scenario(sim):
        lock, counter = sim.lock("lock"), sim.shared_list([0], "counter")

        async def update():
            async with lock:
                value = counter[0]
                sim.trace.note("between")
                counter[0] = value + 1

        async def caller():
            await asyncio.create_task(update(), name="child")

        await sim.spawn(caller(), name="caller")
        return {(e.obj, e.kind): e.awaiters for e in sim.trace.select() if e.task == "child"}

    seen = run(scenario)
    assert {kind for (_, kind), above in seen.items() if above[:1] == ("caller",)} == {"acquire", "release", "write"}
    assert seen[("counter", "read")] == () and seen[("note", "between")] == ()
    assert {"acquire", "release", "write", "add"} <= AWAITED_KINDS and "read" not in AWAITED_KINDS

    async def misuse(sim):
        await asyncio.sleep(0)
        return sim.trace.count("note", "between", working_for="caller")

    with pytest.raises(Exception, match="ValueError: working_for needs kind="):
        run(misuse)


def test_a_write_by_a_task_the_holder_awaits_is_guarded():
    async def scenario(sim):
        lock = sim.lock("lock")
        counter = sim.shared_list([0], "counter", guarded_by=lock)

        async def write():
            await asyncio.sleep(0.001)
            counter[0] += 1

        async with lock:
            await asyncio.create_task(write())  # held by the task awaiting the writer: guarded
        async with lock:
            task = asyncio.create_task(write())
            await asyncio.sleep(0.002)  # the holder does not await the writer: not guarded
        await task
        return [e.task for e in sim.trace.select("counter", "unguarded-write")]

    assert run(scenario) == ["write-2"]  # the second writer only


def test_unguarded_writes_are_recorded():
    async def scenario(sim):
        lock = sim.lock()
        counter = sim.shared_list([0], "counter", guarded_by=lock)
        counter[0] = 1
        async with lock:
            counter[0] = 2
        return sim.trace.count("counter", "unguarded-write")

    assert run(scenario) == 1


@pytest.mark.parametrize("suspension", [1, 2])
def test_cancellation_injection_catches_a_leaked_permit(suspension):
    async def scenario(sim, careful):
        sem = sim.semaphore(1, "sem")

        async def call():
            if careful:
                async with sem:
                    await asyncio.sleep(0.01)
                    await asyncio.sleep(0.01)
            else:
                await sem.acquire()
                await asyncio.sleep(0.01)
                await asyncio.sleep(0.01)
                sem.release()

        task = sim.spawn(call(), "victim")
        sim.cancel_at(task, suspension)
        await asyncio.gather(task, return_exceptions=True)
        return task.cancelled(), sem.permits_out

    async def buggy(sim):
        return await scenario(sim, False)

    async def careful(sim):
        return await scenario(sim, True)

    assert run(buggy) == (True, 1), "the permit leaked by the buggy call is seen"
    assert run(careful) == (True, 0)


def test_shared_set_level_is_its_size_whatever_method_changes_it():
    async def scenario(sim):
        active = sim.shared_set(name="active")

        async def call(i):
            active.add(i)
            active.add(i)  # already there: no change
            await asyncio.sleep(0.01)
            active.discard(i)
            active.discard(i)  # already gone: no change

        await asyncio.gather(*(call(i) for i in range(3)))
        first = (sim.trace.peak("active"), sim.trace.level("active"), sim.trace.count("active", "add"))
        active |= {7, 8}
        active.update([9])
        active -= {7}
        active.remove(8)
        with pytest.raises(KeyError):
            active.remove(8)
        return first, isinstance(active, set), sorted(active), sim.trace.level("active"), sim.trace.peak("active")

    first, is_set, left, level, peak = run(scenario)
    assert first == (3, 0, 3)
    assert (is_set, left, level, peak) == (True, [9], 1, 3)


def test_traced_calls_count_each_call_and_its_outcome():
    async def scenario(sim):
        async def charge(order):
            await asyncio.sleep(0.01)
            if order == 2:
                raise ConnectionError("card network down")
            return f"paid #{order}"

        fn = sim.calls(charge, "fn")
        assert asyncio.iscoroutinefunction(fn)
        paid = await fn(1)
        with pytest.raises(ConnectionError):
            await fn(2)
        return paid, [(e.kind, e.detail, e.time) for e in sim.trace.select("fn")]

    paid, events = run(scenario)
    assert paid == "paid #1"
    assert events == [("call", (1,), 0.0), ("return", None, 0.01), ("call", (2,), 0.01),
                      ("raise", "ConnectionError", 0.02)]


def test_each_traced_primitive_keeps_no_asyncio_state_of_its_own():
    # In a notebook (no check process), asyncio's own code called on a traced primitive works
    # on the primitive it stands for, as on any asyncio object, untraced; the traced object's
    # fields are that primitive's. (In a check process the same call fails the run: see
    # test_problem_checks and the routes.)
    async def scenario(sim):
        lock, event, queue = sim.lock("l"), sim.event("e"), sim.queue(1, "q")
        semaphore, barrier, condition = sim.bounded_semaphore(2, "s"), sim.barrier(1, "b"), sim.condition("c")
        assert all(isinstance(o, c) for o, c in ((lock, asyncio.Lock), (event, asyncio.Event),
                                                  (queue, asyncio.Queue), (semaphore, asyncio.BoundedSemaphore),
                                                  (barrier, asyncio.Barrier), (condition, asyncio.Condition)))
        await asyncio.Lock.acquire(lock)
        held = lock.locked(), lock._locked, sim.trace.count("l", "acquire")
        asyncio.Lock.release(lock)
        asyncio.Event.set(event)
        asyncio.Queue.put_nowait(queue, "x")
        full = queue.full(), queue.qsize(), queue.maxsize
        item = await queue.get()
        await semaphore.acquire()
        out = semaphore.permits_out
        semaphore.release()
        with pytest.raises(ValueError):
            semaphore.release()  # bounded: asyncio's own check, on the semaphore it stands for
        index = await barrier.wait()
        async with condition:
            condition.notify_all()
            inside = condition.locked(), sim.trace.level("c.lock")
        return (held, lock.locked(), event.is_set(), event._value, full, item, out, index, inside,
                barrier.parties, barrier.broken, repr(lock), repr(queue))

    (held, locked, is_set, flag, full, item, out, index, inside, parties, broken, lock_repr,
     queue_repr) = run(scenario, seed=1)
    assert held == (True, True, 0) and not locked and is_set and flag
    assert full == (True, 1, 1) and item == "x" and out == 1 and index == 0 and inside == (True, 1)
    assert parties == 1 and not broken
    assert lock_repr == "<TracedLock 'l' [unlocked]>" and queue_repr == "<TracedQueue 'q' maxsize=1 tasks=1>"


def test_a_failing_shared_list_raises_at_its_kth_access_of_that_kind_only():
    error = ConnectionError("storage down")

    async def scenario(sim):
        reads = sim.shared_list([5], "reads", fails=("read", 2, error))
        seen = [reads[0]]
        try:
            reads[0]
        except ConnectionError as exc:
            seen.append(exc)
        seen += [reads[0], list(reads)]
        reads[0] = 6  # writes never fail here
        writes = sim.shared_list([0], "writes", fails=("write", 1, error))
        try:
            writes[0] = 1
        except ConnectionError as exc:
            seen.append(exc)
        writes[0] = 2
        return seen, writes[0], [(e.obj, e.kind, e.detail) for e in sim.trace.select() if e.kind.startswith("failing")]

    seen, written, failures = run(scenario)
    assert seen == [5, error, 5, [5]] + [error] and seen[1] is error and written == 2
    assert failures == [("reads", "failing-read", 0), ("writes", "failing-write", 0)]


@pytest.mark.parametrize("fails", [("append", 1, ValueError()), ("read", 0, ValueError()), ("read", "1", ValueError())])
def test_a_failing_shared_list_refuses_what_it_cannot_do(fails):
    async def scenario(sim):
        sim.shared_list([0], "x", fails=fails)

    with pytest.raises(Exception, match="ValueError: fails must be"):
        run(scenario)


def test_a_traced_callable_has_the_names_a_coroutine_function_has():
    """`sim.calls(name, fn)` stands for a coroutine function: `__name__` and `__qualname__` are the
    name the test gave it (a solution may name `fn` in its messages or log)."""
    async def charge():
        return "ok"

    async def scenario(sim):
        fn = sim.calls(charge, "charge-card")
        return fn.__name__, fn.__qualname__, await fn()

    assert run(scenario) == ("charge-card", "charge-card", "ok")
