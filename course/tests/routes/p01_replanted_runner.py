# baseline: submissions/p01/buggy_does_nothing.py
# Route (red-team pass 111, P01's member of p10_replanted_runner's kind): a fake `_runner._check_in_process`
# planted in the solution cell and planted again by its own finalizer each time the guard put the real one
# back recorded a pass for every seed: 10/10 for an empty increment. Now the put-back keeps the fake alive, and
# a write to the checks' world after the tests began fails every later verdict.
async def increment(counter, lock, n):
    pass
import course.testing._runner as _r

_G = vars(_r)


class _Fake:
    def __call__(self, guard, scenario, seeds, limits):
        name = scenario.__name__
        for seed in seeds:
            guard.record(name, seed, True, "")
        return [None] * len(seeds), ""

    def __del__(self):
        _G["_check_in_process"] = _Fake()


_G["_check_in_process"] = _Fake()
