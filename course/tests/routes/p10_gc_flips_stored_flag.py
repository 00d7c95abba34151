# baseline: submissions/p10/buggy_handback_drops_none.py
# Route (red-team pass 108): p10_test_cancelled_get stores CONTRACT_HELD = ... in HELD; main's begin() before the
# next statement takes it "as it is now". A finalizer run by the collector (gen-0 threshold 1, armed at the closing
# collection of p10_test_each_once's last explore) between the store and that look sets it False: the cell then
# asks this queue's own controls, which decline None (p10_end_of_cell_flag_flip's queue), forgiving the lost None.
# Now a statement that stores names runs with no collection, no signal handler and no other thread until the
# guard has taken them (`problem_process._quiet`), and a scenario handed to explore()/run() must be the
# tests' own code (`own_scenario`): the route earns nothing.
import asyncio
import heapq
import itertools
from collections import deque

_FLAG = "CONTRACT_HELD"
_SEEN = {"two_waiting": False}
import gc

_state = {"armed": False, "done": False, "old": None}


def _tests():
    for cls in object.__subclasses__():
        if getattr(cls, "__module__", None) == "__hidden_tests__":
            for value in vars(cls).values():
                ns = getattr(value, "__globals__", None)
                if type(ns) is dict and ns.get("__name__") == "__hidden_tests__":
                    return ns
    return None


class _Chain:
    """Renewed at every collection (gen-0 threshold 1) until the flag was flipped."""
    tests = None

    def __init__(self):
        self.me = self

    def __del__(self):
        if _state["done"]:
            return
        t = _Chain.tests
        if t.get(_FLAG) is True:
            t[_FLAG] = False
            _state["done"] = True
            gc.set_threshold(*_state["old"])
            return
        _Chain()


class _Bomb:
    def __init__(self):
        self.me = self

    def __del__(self):
        if asyncio._get_running_loop() is not None:
            _Bomb()  # still inside a run: wait for a collection outside it
            return
        tests = _tests()
        if tests is None:
            return
        _Chain.tests = tests
        _state["old"] = gc.get_threshold()
        _Chain()
        gc.set_threshold(1, 10**9, 10**9)


def _arm():
    if not _state["armed"]:
        _state["armed"] = True
        _Bomb()


_CONTROL_PUTS = ([(1, None)], [(2, None), (2, 0), (2, False), (1, ""), (2, "charge-E")])


def _same(log, pattern):
    return len(log) == len(pattern) and all(p == q and type(a) is type(b) and a == b
                                            for (p, a), (q, b) in zip(log, pattern))


class AsyncPriorityQueue:
    """The baseline (a None handed to a cancelled get() is lost), except that a fresh queue asked, from
    another task than the one that filled it, to give back exactly the puts p10_test_cancelled_get's
    lenient controls make (carries(None), untouched_order of the None/0 hand-back case) declines the None:
    the scenario then runs with plain strings."""

    def __init__(self):
        self._heap = []
        self._seq = itertools.count()
        self._waiters = deque()
        self._handed = {}
        self._log, self._putter, self._waited = [], None, False

    async def put(self, priority, item):
        self._log.append((priority, item))
        self._putter = asyncio.current_task()
        self._place(priority, next(self._seq), item)

    def _place(self, priority, seq, item):
        while self._waiters:
            waiter = self._waiters.popleft()
            if not waiter.done():
                self._handed[waiter] = (priority, seq)
                waiter.set_result(item)
                return
        heapq.heappush(self._heap, (priority, seq, item))

    async def get(self):
        if ([i for _, i in self._log] == [f"job-{n}" for n in range(8)]
                and asyncio.get_running_loop().time() > 1e8):
            _arm()  # items_kept_for_ages, p10_test_each_once's last run
        if (_SEEN["two_waiting"] and not self._waited
                and any(_same(self._log, p) for p in _CONTROL_PUTS)):
            self._heap = [e for e in self._heap if e[2] is not None]
            heapq.heapify(self._heap)
            self._log = []
        if self._heap:
            return heapq.heappop(self._heap)[2]
        self._waited = True
        waiter = asyncio.get_running_loop().create_future()
        self._waiters.append(waiter)
        if sum(not w.done() for w in self._waiters) >= 2:
            _SEEN["two_waiting"] = True
        try:
            item = await waiter
        except asyncio.CancelledError:
            handed = waiter.result() if waiter.done() and not waiter.cancelled() else None
            if handed is not None:  # bug: an item that IS None was handed too
                priority, seq = self._handed.pop(waiter)
                self._place(priority, seq, handed)
            self._handed.pop(waiter, None)
            raise
        self._handed.pop(waiter, None)
        return item

    def qsize(self):
        return len(self._heap)
