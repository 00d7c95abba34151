# baseline: submissions/p10/buggy_does_nothing.py
# Route (a finalizer planting again after the guard's own put-back, red-team pass 111): the solution cell writes
# a callable object into course.testing._runner's module dict (through vars(): setattr is refused) as
# `_check_in_process`. As the first test cell began, the guard put the real function back silently and so
# freed the object, whose __del__ wrote a fresh one back after the put-back; no look came before the genuine
# `_check` handed the real guard to that module global, and the fake recorded a passing verdict for every
# (scenario, seed) a cell starts, running nothing: 20/20 for an empty queue (the same on every problem:
# p01_replanted_runner). Now a put-back keeps what it replaced alive for good (no finalizer runs inside the
# guard's work), and once the first test cell has begun any write to the checks' world, even one put back,
# breaks a seal that fails every later verdict (`_guard.build`).
import course.testing._runner as _r

_G = vars(_r)


class AsyncPriorityQueue:
    async def put(self, priority, item):
        pass

    async def get(self):
        pass

    def qsize(self):
        return 0


class _Fake:
    def __call__(self, guard, scenario, seeds, limits):
        name = scenario.__name__
        for seed in seeds:
            guard.record(name, seed, True, "")
        return [None] * len(seeds), ""

    def __del__(self):
        _G["_check_in_process"] = _Fake()


_G["_check_in_process"] = _Fake()
