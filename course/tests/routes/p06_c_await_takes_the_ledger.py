# baseline: submissions/p06/buggy_appends_half_way_through_processing.py
# Route (red-team pass 70): the run's LEDGER, handed out by the sealed `asyncio.gather` because C code called it
# from a TEST frame. `_sealed.gather` returns `_Gathered(..., ledger)` when `_getframe(1)` is test code; a
# solution makes the test's own frame that caller with no Python frame of its own in between:
# p06_test_each_once awaits `producer(queue=queue, n=n)` directly, and `producer` (a function-like object, its
# __code__ an async def's) returns an awaitable whose class's `__await__` is `functools.partial(iter, chain)`,
# chain = itertools.chain(filter(None, map(_grab, itertools.starmap(asyncio.gather, [()]))), real.__await__()).
# The test's frame calls __await__ and SENDs into the chain: starmap calls gather() (C; caller = the test's
# frame), map hands the `_Gathered` to `_grab`, which reads its `_ledger` slot. (The fix of
# p06_test_frame_sets_code only refused `__code__` assignments made this way; every harness function that
# trusts "the first Python frame above me is test code" is open to it: `_sealed.gather`,
# `ResourceFactory.taken/returned` (p11_c_aenter_checks_in), `Trace.record` (_keep), `register`,
# `find_ledger_of_tests` (let_time_pass, own_steps, deque, trace_sleeps, trace_steps), `Simulation.spawn`.)
# `ledger.tests` is the guard's process-wide dict of the test cells' code: the route adds its own helper's
# code to it, so in every later run (cancelled_anywhere has no hook of this kind) the helper calls
# `asyncio.gather()` itself and gets that run's ledger. `ledger.harness` is likewise the keeper's one dict.
# With the ledger, the consumer files each of its `get` events under another task's name ("ghost"), as
# p06_test_code_copy_ledger did: the buggy consumer (appends half way through processing) passes
# p06_test_each_once's "a consumer cancelled mid-item does not record the item".
import asyncio
import functools
import itertools

_kept = [None]


def _grab(gathered):
    ledger = gathered._ledger
    # `ledger.tests` is the guard's own dict of the test cells' code (one for the whole check process):
    # from now on, in every later run, `_ledger_now` counts as test code.
    ledger.tests[object.__hash__(_HELPER_CODE[0])] = _HELPER_CODE[0]
    _kept[0] = ledger
    return None


def _ledger_now():
    """The ledger of the run in progress: the sealed gather hands it to "test code"."""
    gathered = asyncio.gather()
    return getattr(gathered, "_ledger", None)


_HELPER_CODE = [_ledger_now.__code__]  # read once, as the cell runs (afterwards it is "a test's code")


def _armed(awaitable_iter):
    grab = filter(None, map(_grab, itertools.starmap(asyncio.gather, [()])))
    it = itertools.chain(grab, awaitable_iter)
    cls = type("_Armed", (), {"__await__": functools.partial(iter, it)})
    return cls()


def _hide_my_gets():
    if _kept[0] is None:
        return
    ledger = _ledger_now()
    if ledger is None:
        return
    me = asyncio.current_task()
    name = ledger.names.get(object.__hash__(me))  # (keyed by identity)
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
        _hide_my_gets()
        await asyncio.sleep(0.0025)
        queue.task_done()


class _Producer:
    """`producer`: function-like for inspect.iscoroutinefunction (its __code__ is an async def's)."""
    __name__ = __qualname__ = "producer"
    __code__ = _producer.__code__
    __defaults__ = __kwdefaults__ = None
    __annotations__ = {}

    def __call__(self, *args, **kwargs):
        # Awaited directly by the test where it is called with keywords (p06_test_each_once's
        # `await producer(queue=queue, n=n)`); spawned as a task elsewhere (a coroutine is needed there).
        if kwargs:
            return _armed(_producer(*args, **kwargs).__await__())
        return _producer(*args, **kwargs)


producer = _Producer()
