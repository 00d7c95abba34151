# baseline: submissions/p06/buggy_appends_half_way_through_processing.py
# Closed (red-team pass 40): a test may give a function a test's code only by its own statement
# (the frame executes STORE_ATTR of __code__), not while it steps a solution's C code (map(setattr, ...)).
# FINDING: the closed route course/tests/routes/p06_test_code_assigned_ledger.py reopened: the audit hook
# allows `fn.__code__ = <a test's own code>` when `_getframe(1)` (the frame below the hook) is test code,
# and a solution can make the TEST's frame perform the assignment through C code alone:
# `producer(queue, n)` returns an object whose class's `__await__` is `functools.partial(iter, chain)`
# with chain = itertools.chain(map(setattr, [fn], ["__code__"], [test_code]), real_producer.__await__()).
# The test's `await producer(...)` calls __await__ (C, no frame) and SENDs into the chain from its own
# frame; map calls setattr: the nearest Python frame is the test's scenario, so the hook lets it
# through. `fn` (our code and globals) now has the test's own code object (identity), and is run
# as the route does: the sealed gather, called from test code, hands `_Gathered(..., ledger)` to our
# `ensure_future`: the run's ledger, whose `get` events of this consumer are renamed to "ghost".
# Baseline: grader_tests/submissions/p06/buggy_appends_half_way_through_processing.py (fails p06_test_each_once).
# Scored before the fix: 15/15. Fair score: 12/15 (the baseline, scored the same way: p06_test_each_once fails).
# Details: `producer` is a function-like object (its __code__ is an async def's: inspect.iscoroutinefunction
# says True) that returns the armed awaitable only where a test awaits it directly with keywords
# (p06_test_each_once's `await producer(queue=queue, n=n)`), a plain coroutine elsewhere (spawned tasks).
# The test's code object is found as in the route (cr_await.cr_code of the scenario task during
# p06_test_backpressure). The ledger's `get` events of the consumer are renamed "ghost" (task and
# awaiting chain), so cancelled_anywhere's `select(..., working_for="consumer-0")` finds none.
# Any C-only iterator awaited by test code (or any slot/method a test calls with no Python frame of
# ours) runs C calls "as the test": setattr of __code__ here; Trace.record (accepted by _keep as the
# test's own note) would be another.
import asyncio
import functools
import itertools
import sys
import types

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


_CODE = [None]  # the test's own code object, once seen


def _find_code():
    """The code object of p06_test_backpressure's scenario `consumers_wait_again_after_work`, the very one:
    the run's scenario task awaits it (`cr_await` of the runner's `_to_the_end` coroutine; `cr_code`)."""
    if _CODE[0] is not None:
        return _CODE[0]
    for task in asyncio.all_tasks():
        if task.get_name() == "scenario":
            inner = getattr(task.get_coro(), "cr_await", None)
            code = getattr(inner, "cr_code", None)
            if code is not None and code.co_name == "consumers_wait_again_after_work":
                _CODE[0] = code
    return _CODE[0]


def _template(sim):
    pass
_kept = [None]


def _ledger():
    """The run's ledger (taken once per run), from the function whose code a test frame gave it."""
    loop = asyncio.get_running_loop()
    kept = _kept[0]
    if kept is not None and getattr(kept, "loop", None) is loop:
        return kept
    fn = _FN[0]
    if fn is None or fn.__code__ is not _CODE[0] or _CODE[0] is None:
        return None
    fn.__globals__["asyncio"] = _Asyncio()  # (our dict: its gather count starts afresh for each run)
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


_FN = [None]
_DEBUG = False


def _armed(awaitable_iter):
    """An awaitable whose `__await__` is C code only (functools.partial(iter, chain)): the test's own
    frame, awaiting it, runs `setattr(fn, "__code__", test_code)` through chain -> map -> setattr, so
    the audit hook's `_getframe(1)` is the TEST's frame, and the assignment is allowed."""
    code = _find_code()
    steps = []
    if code is not None and _FN[0] is None:
        globs = {"asyncio": _Asyncio(), "consumer": _fake_consumer, "producer": _fake_producer,
                 "require": None, "__builtins__": __builtins__}
        fn = types.FunctionType(_template.__code__, globs)  # our code, our globals: not refused
        _FN[0] = fn
        steps.append(map(setattr, [fn], ["__code__"], [code]))
    it = itertools.chain(*steps, awaitable_iter)
    cls = type("_Armed", (), {"__await__": functools.partial(iter, it)})
    return cls()


def _hide_my_gets():
    _find_code()  # (seen during p06_test_backpressure's consumers_wait_again_after_work)
    ledger = _ledger()
    if ledger is None:
        if _FN[0] is not None and _DEBUG:
            raise RuntimeError(f"DEBUG no ledger; code set: {_FN[0].__code__ is _CODE[0]}")
        return
    me = asyncio.current_task()
    name = ledger.names.get(me)
    events = ledger.events
    for i, row in enumerate(events):
        if row[4] == "get" and row[2] == name:
            events[i] = (row[0], row[1], "ghost", *row[3:8], ())


async def _producer(queue: asyncio.Queue, n: int) -> None:
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


class _Producer:
    """`producer`: function-like for inspect.iscoroutinefunction (its __code__ is an async def's)."""
    __name__ = __qualname__ = "producer"
    __code__ = _producer.__code__
    __defaults__ = __kwdefaults__ = None
    __annotations__ = {}

    def __call__(self, *args, **kwargs):
        # Awaited directly by the test only where it is called with keywords (p06_test_each_once's
        # `await producer(queue=queue, n=n)`); spawned as a task elsewhere (a coroutine is needed there).
        if kwargs and _FN[0] is None and _find_code() is not None:
            return _armed(_producer(*args, **kwargs).__await__())
        return _producer(*args, **kwargs)


producer = _Producer()
