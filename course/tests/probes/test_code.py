# A P08 solution cell (course/tests/test_hidden_code.py): in the visible test, `CircuitBreaker.call`
# is awaited by the test's scenario and handed a method of the given cells', whose globals are the
# test cells' namespace, where the scenario function is. Instead of calling it, it tries every way
# a solution has to read a test's code object (the scenario's) without frame objects or `gc`, and
# what may still be read, and raises RuntimeError naming each outcome ("<way>: read" or
# "<way>: refused").
import asyncio
import dis
import inspect
import types


def _try(ways):
    said = []
    for way, read in ways.items():
        try:
            value = read()
        except RuntimeError as error:
            said.append(f"{way}: refused" if "cannot be read" in str(error) else f"{way}: error {error}")
        except Exception as error:  # noqa: BLE001
            said.append(f"{way}: error {type(error).__name__}")
        else:
            said.append(f"{way}: read" if value is not None else f"{way}: nothing")
    return said


class _Reads(map):
    """A map whose `__class__` says function (so `inspect.isfunction` says yes) and whose `__code__`
    (set on a subclass) is `list.extend` of a list of ours: C code that runs the map, which calls
    `getattr(<test function>, "__code__")` from C while the reader's frame is the topmost (red-team
    pass 48)."""

    __class__ = property(lambda self: types.FunctionType)


def _read_for_me(obj):
    sink = []
    reads = type("_R", (_Reads,), {"__code__": property(sink.extend)})
    inspect._has_code_flag(reads(getattr, [obj], ["__code__"]), 0)
    return sink[0] if sink else None


class CircuitOpenError(RuntimeError):
    pass


class CircuitBreaker:
    def __init__(self, threshold=3, timeout=0.1):
        pass

    def state(self):
        return "closed"

    async def call(self, fn, *args):
        # Looked at from another task, while this one waits for it: the scenario's task is then
        # suspended, so its coroutine (the runner's) awaits the scenario's, which awaits this call.
        raise RuntimeError("outcomes: " + "; ".join(await asyncio.create_task(_look(asyncio.current_task(), fn))))


async def _look(task, fn):
    scenario_coroutine = task.get_coro()
    while scenario_coroutine.__name__ not in fn.__globals__:
        scenario_coroutine = scenario_coroutine.cr_await
    scenario = fn.__globals__[scenario_coroutine.__name__]
    return _try({
        "the scenario coroutine's cr_code": lambda: scenario_coroutine.cr_code,
        "scenario.__code__": lambda: scenario.__code__,
        "getattr(scenario, '__code__')": lambda: getattr(scenario, "__code__"),
        "FunctionType.__code__.__get__(scenario)": lambda: types.FunctionType.__code__.__get__(scenario),
        "dis.Bytecode(scenario)": lambda: list(dis.Bytecode(scenario)),
        "inspect.getclosurevars(scenario)": lambda: inspect.getclosurevars(scenario),
        "an allowed reader made to read it for a solution": lambda: _read_for_me(scenario),
        "the checks' own reader, called by a solution": lambda: __import__(
            "course.testing._code", fromlist=["code_of"]).code_of(scenario),
        # What may be read: what the standard library makes of the code, and the given cells' code.
        "inspect.iscoroutinefunction(scenario)": lambda: inspect.iscoroutinefunction(scenario),
        "inspect.signature(scenario)": lambda: inspect.signature(scenario),
        "repr of the scenario's task": lambda: repr(task),
        "fn.__code__ (a given method's)": lambda: fn.__code__,
    })
