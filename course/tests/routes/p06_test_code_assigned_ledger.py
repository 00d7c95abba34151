# baseline: submissions/p06/buggy_appends_half_way_through_processing.py
# Closed: the audit hook refuses giving the harness's or a test's own code to another function (`fn.__code__ = code`).
# Red-team pass 39: routes/p06_test_code_copy_ledger.py reopened with the test's
# OWN code object (identity), run with the solution's globals by `fn.__code__ = test_code`.
# What it does: as the route (fake `asyncio`, `sim`, `producer`, `consumer` globals; the real sealed gather,
# called from a frame whose code is test code, hands back `_Gathered(..., ledger)` to the solution's
# `ensure_future`), except that the code is not compiled from the test's text: it is the very code object of
# p06_test_backpressure's scenario `consumers_wait_again_after_work`, found during that cell's run as
# `cr_await.cr_code` of the "scenario" task's coroutine (asyncio.all_tasks(); no frame is touched), kept,
# and used in p06_test_each_once. It is put into a function made with the solution's own code and globals
# (types.FunctionType(our code, globs): not refused), then `fn.__code__ = code`.
# Scored before the fix: 15/15. Fair score: 12/15 (buggy_appends_half_way_through_processing.py: p06_test_each_once fails).
# Why: the audit hook refuses `function.__new__`/`exec` of the test cells' nested code, but a function's
# __code__ setter raises only "object.__setattr__", which the hook checks against functions it watches
# (`seen`), never against refused_codes; ledger.tests is by identity, and this is the identical object.
import asyncio
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
    """The run's ledger (taken once per run)."""
    loop = asyncio.get_running_loop()
    kept = _kept[0]
    if kept is not None and getattr(kept, "loop", None) is loop:
        return kept
    globs = {"asyncio": _Asyncio(), "consumer": _fake_consumer, "producer": _fake_producer,
             "require": None, "__builtins__": __builtins__}
    code = _find_code()
    if code is None:
        return None
    fn = types.FunctionType(_template.__code__, globs)  # our code, our globals: not refused
    fn.__code__ = code  # then the test's own code object (identity): no audit refusal for this
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
