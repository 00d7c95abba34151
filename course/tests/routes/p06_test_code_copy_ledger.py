# baseline: submissions/p06/buggy_appends_half_way_through_processing.py
# Red-team pass 39 (P06): the run's LEDGER itself, through a test function's code copied (code objects compare by value).
# `ledger.tests`, the set of the test cells' code objects that `_trace._keep`, `_trace.register`,
# `_sealed.gather` and `ResourceFactory._by_the_checks` consult (`caller.f_code in ledger.tests`), is a
# frozenset: membership is by code EQUALITY, which ignores co_filename and co_qualname (name, first line,
# bytecode, consts, names, line table must match). A solution compiles the text of a hidden test function
# (here p06_test_backpressure's `consumers_wait_again_after_work`, at its line in the cell) and runs that
# code with globals of its own (a fake `asyncio` namespace, fake `sim`, `producer`, `consumer`). The copy
# calls the real `asyncio.gather` (the sealed one) from a frame whose code is "test code", so gather hands
# back `_Gathered(..., ledger)`; the copy then passes it to `asyncio.ensure_future`, which in these globals
# is the solution's function: `_Gathered._ledger` (a readable slot) is the run's ledger. The copy is driven
# by hand (`coro.send(None)`) and aborted there: nothing touches the check's loop (the children are done
# futures of a dummy loop, so no callback is scheduled on the real one).
# With the ledger, the consumer files each of its gets under another task's name ("ghost"): the same
# buggy consumer as grader_tests/submissions/p06/buggy_appends_half_way_through_processing.py then passes
# p06_test_each_once's "a consumer cancelled mid-item does not record the item" (took is always empty).
# Anything else in the ledger (events, holders, plan, forged, changed, names, finished ...) is as open.
# Scored 15/15 before the fix (the ledger was taken in every run), fair 12/15 (p06_test_each_once fails, as the baseline).
import asyncio
import sys
import types

_FN = 'async def consumers_wait_again_after_work(sim):\n    """consumers that have processed a batch wait in get() for the next one however long it takes, asleep"""\n    # Later in a consumer\'s life, on two queues at once: a consumer on each processes a first batch,\n    # then nothing comes for 10**9 s (the loop runs only let_time_pass\'s own ~30 steps); at a moment\n    # off any grid of polls a second batch comes, and each consumer takes it at that very instant.\n    queues, results = [sim.queue(2, f"queue-{name}") for name in "ab"], [[], []]\n    workers = [sim.spawn(consumer(q, r), name=f"consumer-{name}") for q, r, name in zip(queues, results, "ab")]\n    await asyncio.gather(*(producer(q, 3) for q in queues))\n    await asyncio.gather(*(q.join() for q in queues))\n    await asyncio.sleep(0.0137)\n    before = sim.steps()\n    idle = await sim.let_time_pass(10**9, until=lambda: any(w.done() for w in workers))\n    idle_steps, stretches = sim.steps() - before, sim.stretches(idle)\n    quit = [w for w in workers if w.done()]\n    await asyncio.sleep(0.0037)\n    put_at = sim.now()\n    for q in queues:\n        q.put_nowait(0)\n    joining = asyncio.ensure_future(asyncio.gather(*(q.join() for q in queues)))\n    joined, _ = await asyncio.wait([joining], timeout=1)\n    for w in [*workers, joining]:\n        w.cancel()\n    await asyncio.gather(*workers, return_exceptions=True)\n    require(not quit, "a consumer that has processed items waits in get() for the next one however long it "\n            "takes (it runs until it is cancelled)", f"{\', \'.join(w.get_name() for w in quit)} ended on its own "\n            f"after {idle:g} s of an empty queue")\n    require(idle_steps <= stretches + 5, "a consumer that has processed items stays asleep in get() while the "\n            "queue stays empty", f"during {idle:g} idle seconds the event loop ran {idle_steps} callbacks (the "\n            f"test\'s own waiting takes about {stretches}): a consumer kept waking up to look (polling)")\n    slack = sim.tolerance(put_at)\n    gets = [[e.time for e in sim.trace.select(q.name, "get") if e.time >= put_at - slack] for q in queues]\n    slow = [f"{w.get_name()} ({f\'{g[0] - put_at:g} s later\' if g else \'never\'})"\n            for w, g in zip(workers, gets) if not g or g[0] > put_at + slack]\n    require(not slow, f"after {idle:g} s of an empty queue, each consumer takes the next item at the very instant "\n            "it is put (the get() it waits in returns then)", f"{\', \'.join(slow)}")\n    require(joined and results == [[0, 1, 2, 0], [0, 1, 2, 0]], "each consumer processes both batches of its "\n            "own queue", f"results are {results!r}")\n'
_LINE = 97  # its first line in the test cell


def _copy():
    """The test function's code, compiled from its text at its line (equal to the test's own code)."""
    code = compile("\n" * (_LINE - 1) + _FN, "not-a-test", "exec")
    return next(c for c in code.co_consts if isinstance(c, types.CodeType))


class _Got(Exception):
    pass


class _DummyLoop:
    def get_debug(self):
        return False

    def call_soon(self, *args, **kwargs):
        return None


_DUMMY = _DummyLoop()


def _done():
    fut = asyncio.Future(loop=_DUMMY)
    fut.set_result(None)
    return fut


class _Q:
    name = "fake"

    def join(self):
        return _done()

    def put_nowait(self, item):
        pass


class _T:
    def done(self):
        return False

    def cancel(self):
        pass

    def get_name(self):
        return "fake"


class _Sim:
    def queue(self, maxsize, name):
        return _Q()

    def spawn(self, coro, name=None):
        return _T()

    def steps(self):
        return 0

    async def let_time_pass(self, *args, **kwargs):
        return 0

    def stretches(self, idle):
        return 0

    def now(self):
        return 0.0


async def _nothing(*args, **kwargs):
    return []


class _Asyncio:
    """`asyncio` as the copied test code sees it: the real gather from its third use on."""

    def __init__(self):
        self.gathers = 0

    def __getattr__(self, name):
        if name == "gather":
            self.gathers += 1
            return asyncio.gather if self.gathers >= 3 else _nothing
        if name in ("sleep",):
            return _nothing
        if name == "ensure_future":
            def steal(gathered):
                raise _Got(gathered._ledger)
            return steal
        return getattr(asyncio, name)


def _fake_consumer(queue, results):
    return None


def _fake_producer(queue, n):
    return None


_CODE = _copy()
_kept = [None]


def _ledger():
    """The run's ledger (taken once per run)."""
    loop = asyncio.get_running_loop()
    kept = _kept[0]
    if kept is not None and getattr(kept, "loop", None) is loop:
        return kept
    globs = {"asyncio": _Asyncio(), "consumer": _fake_consumer, "producer": _fake_producer,
             "require": None, "__builtins__": __builtins__}
    fn = types.FunctionType(_CODE, globs)
    coro = fn(_Sim())
    try:
        coro.send(None)
    except _Got as got:
        _kept[0] = got.args[0]
    except BaseException:
        pass
    finally:
        coro.close()
    return _kept[0]


def _hide_my_gets():
    ledger = _ledger()
    if ledger is None:
        return
    me = asyncio.current_task()
    name = ledger.names.get(me)
    events = ledger.events
    for i, row in enumerate(events):
        if row[4] == "get" and row[2] == name:
            events[i] = (row[0], row[1], "ghost", *row[3:])


async def producer(queue: asyncio.Queue, n: int) -> None:
    for item in range(n):
        await queue.put(item)


async def consumer(queue: asyncio.Queue, results: list) -> None:
    while True:
        item = await queue.get()
        _hide_my_gets()
        await asyncio.sleep(0.0025)
        results.append(item)          # BUG: recorded half way through processing
        await asyncio.sleep(0.0025)
        queue.task_done()
