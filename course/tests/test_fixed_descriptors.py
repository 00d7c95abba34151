"""What the checks hold cannot be changed in place by a call of its own type's methods, unseen.

`property.__init__(p, other)` gives a property already in a class another getter, as
`staticmethod.__init__`, `classmethod.__init__` and `functools.partial.__setstate__` do for theirs:
no audit event, no dict's version tag moves, and the class still holds the same object, so the
guard's comparison by identity saw nothing (routes `p09_property_reinit`, `p09_staticmethod_reinit`,
`p09_guard_field_reinit`). The checks' own classes hold `course.testing._descriptors`' tuples
instead, and the guard compares and puts back what the standard library's descriptors stand for.
"""

from __future__ import annotations

import functools
import json
import os
import subprocess
import sys
import types
from pathlib import Path

import pytest

from course.testing import _contract_seal, _descriptors, _guard
from course.testing._loop import VirtualTimeLoop
from course.testing._simulation import Simulation
from course.testing._descriptors import FixedClassMethod, FixedMethod, FixedProperty, FixedStaticMethod

ROOT = Path(__file__).resolve().parents[2]

#: Mutable objects the checks keep in a module global or a class attribute and write themselves, and
#: why a solution's change of them (which the guard does not see) gains it nothing.
STATE = {
    "course.progress._verdicts": "the kernel's record of what the visible checks said, for the summary "
                                 "cell; in a check process main reports the guard's verdicts, not this",
    "course.progress._watched": "the same: which cells the kernel's progress hook already saw",
    "course.testing._isolation._virtual_clocks": "which threads read virtual time (README, known gap): in a "
                                                 "check process every clock a check reads is the run's ledger's",
    "course.testing._isolation._executor_sleeps": "the sleeps a call handed to a thread asked for, per thread; "
                                                  "the run's ledger times them in a check process",
    "course.testing._runner._graveyard": "loops whose tasks refused to end, kept alive only so that they are "
                                         "never collected later: nothing reads it",
    "course.testing._trace._KEEPER": "the ledger's keeper, a generator: closed or thrown into, it fails every "
                                     "run (README: 'closing the keeper...')",
    "course.testing._entropy._outside": "how many seeds a solution asked for without one outside a run: "
                                        "moved on by a solution, it changes only its own later draws, as a "
                                        "seed of its own would, and never back to an earlier one",
    "course.testing._entropy._runs": "how many runs began: the same (the random module's generator is "
                                     "seeded from it at each run's start, never as an earlier run was)",
    "course.testing._names._stopped": "how the student's cells stopped when the check process ran them, "
                                      "only quoted in the message of a name they left undefined: a solution "
                                      "that writes it changes what its own failing tests say, not a verdict",
    "course.problem_process._bound_before_the_guard": "only an object for weakref.finalize to watch once, "
                                                      "before the guard is built; nothing reads it",
}

#: Python's own bookkeeping, read by no check: a package's `__path__`, a module's `__builtins__`,
#: `__all__` (the test cells' imports come from the table main made, by name), annotations and a
#: dataclass's fields (read by `dataclasses`' helper functions, which the checks do not call).
BOOKKEEPING = frozenset({"__path__", "__builtins__", "__all__", "__annotations__", "__dataclass_fields__"})

_WALK = r"""
import array, collections, contextvars, functools, itertools, json, random, sys, types, weakref
import course.notebook, course.testing, course.problem_process
from course.testing import _descriptors, _sealed
_sealed.seal()  # (as main does, before any student code)
# Objects whose state a call of one of their own type's methods changes in place.
MUTABLE = (list, dict, set, bytearray, collections.deque, types.SimpleNamespace, random.Random,
           contextvars.ContextVar, weakref.WeakKeyDictionary, weakref.WeakValueDictionary, weakref.WeakSet,
           array.array, types.GeneratorType, types.CoroutineType, functools._lru_cache_wrapper,
           itertools.count, itertools.cycle, itertools.repeat, itertools.islice, itertools.chain,
           type(itertools.tee(())[0]))
found, seen = [], set()
def visit(path, name, value, module, is_global):
    if id(value) in seen:
        return
    seen.add(id(value))
    if isinstance(value, _descriptors.REINITIALISABLE):
        found.append([path, name, type(value).__name__, "reinitializable", is_global])
    elif isinstance(value, MUTABLE):
        found.append([path, name, type(value).__name__, "mutable", is_global])
    elif isinstance(value, type):
        if str(value.__module__).startswith("course"):  # a class of the checks, and the classes in it
            for key, member in vars(value).items():
                if key not in ("__dict__", "__weakref__", "__doc__", "__module__"):
                    visit(f"{value.__module__}.{value.__qualname__}.{key}", key, member, module, False)
    elif (not isinstance(value, (types.FunctionType, types.ModuleType, types.BuiltinFunctionType))
          and type(value).__module__.startswith("course") and hasattr(value, "__dict__")):
        found.append([path, name, type(value).__name__, "an instance with a __dict__", is_global])
for module_name, module in sorted(sys.modules.items()):
    if isinstance(module, types.ModuleType) and module_name.startswith("course"):
        for key, value in vars(module).items():
            if not isinstance(value, types.ModuleType):
                visit(f"{module_name}.{key}", key, value, module_name, True)
print(json.dumps(found))
"""


def _check_process_world() -> list[list]:
    """[path, name, type, why, whether a module global] of what the check process's world holds in place-changeable objects, in a
    fresh interpreter that loads the checks as `course.problem_process.main` does."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", _WALK], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=120, check=True)
    return json.loads(done.stdout.splitlines()[-1])


def test_no_object_of_the_checks_world_can_be_changed_in_place_unseen():
    """Every module global and class attribute of the course's modules in a check process (a future
    `@property` in course/testing fails here): no built-in descriptor or partial, and no mutable
    object unless the guard watches it (a constant table: a dict named in capitals) or it is state
    the checks write, listed in STATE with why it is safe."""
    offending = []
    found = _check_process_world()
    assert len(found) > 10  # (the walk reached the modules: their bookkeeping at least)
    offending = []
    for path, name, kind, why, is_global in found:
        if why == "reinitializable":
            offending.append(f"{path}: a {kind} (use course.testing._descriptors' Fixed* instead)")
        elif name in BOOKKEEPING or path in STATE:
            continue
        elif kind == "dict" and is_global and _guard._is_constant_name(name):
            continue  # a module's constant table: watched whole, and by its version tag (see _guard)
        else:
            offending.append(f"{path}: {why} ({kind}), neither watched by the guard nor in STATE")
    assert not offending, "\n".join(offending)


# --- the checks' own descriptors: nothing re-initializes them ---------------------------------------

class _Holder:
    @FixedProperty
    def value(self):
        """The holder's value."""
        return "genuine"

    @FixedStaticMethod
    def static():
        return "genuine"

    @FixedClassMethod
    def klass(cls):
        return "genuine"

    method = FixedMethod(lambda self: "genuine")


def _forged(*args, **kwargs):
    return "forged"


@pytest.mark.parametrize("reinit", [
    lambda d: property.__init__(d, _forged),
    lambda d: staticmethod.__init__(d, _forged),
    lambda d: classmethod.__init__(d, _forged),
    lambda d: functools.partial.__setstate__(d, (_forged, (), {}, None)),
    lambda d: type(d).__init__(d, _forged),
    lambda d: object.__setattr__(d, "fget", _forged),
    lambda d: object.__setattr__(d, "__func__", _forged),
], ids=["property.__init__", "staticmethod.__init__", "classmethod.__init__", "partial.__setstate__",
        "own __init__", "fget", "__func__"])
@pytest.mark.parametrize("name", ["value", "static", "klass", "method"])
def test_a_descriptor_of_the_checks_cannot_be_reinitialized(reinit, name):
    descriptor = _Holder.__dict__[name]
    try:
        reinit(descriptor)
    except (TypeError, AttributeError):
        pass
    holder = _Holder()
    got = {"value": lambda: holder.value, "static": holder.static, "klass": _Holder.klass,
           "method": holder.method}[name]
    assert (got() if callable(got) else got) == "genuine"


def test_the_checks_descriptors_behave_as_the_built_in_ones_did():
    holder = _Holder()
    assert holder.value == "genuine" and _Holder.value.fget(holder) == "genuine"
    assert _Holder.value.__doc__ == "The holder's value."
    with pytest.raises(AttributeError, match="property 'value' of '_Holder' object has no setter"):
        holder.value = "mine"
    with pytest.raises(AttributeError, match="property 'value' of '_Holder' object has no deleter"):
        del holder.value
    with pytest.raises(AttributeError, match="has no setter"):
        holder.method = lambda: "mine"
    assert _Holder.static() == holder.static() == "genuine" and _Holder.klass() == holder.klass() == "genuine"
    assert not hasattr(_Holder.value, "__dict__")  # nothing is kept on one but its tuple's items


def test_the_sealed_contract_methods_cannot_be_reinitialized():
    class Lock:
        async def release_read(self):
            return "genuine"

    sealer = _contract_seal.sealer()
    next(sealer)
    record = sealer.send((Lock, ("release_read",)))
    sealed = record[0]
    for reinit in (lambda d: property.__init__(d, _forged), lambda d: object.__setattr__(d, "fget", _forged)):
        for descriptor in (sealed.__dict__["release_read"], type(sealed).__dict__["release_read"]):
            with pytest.raises((TypeError, AttributeError)):
                reinit(descriptor)
    obj = Lock()
    _contract_seal.seal_object(obj, record)
    assert obj.release_read.__func__ is Lock.__dict__["release_read"]
    assert _contract_seal.intact(obj, record) is None


def test_the_guards_fields_cannot_be_given_another_getter():
    with pytest.raises(TypeError):
        property.__init__(_guard.Guard.__dict__["record"], lambda guard: _forged)
    guard = _guard.Guard(range(9))
    assert (guard.restore, guard.record, guard.unraisable) == (0, 3, 8)


def test_what_a_simulation_hands_its_trace_is_no_partial():
    # A solution reaches the trace (`sim.trace`): a `functools.partial` there could be given another
    # function in place by `partial.__setstate__`.
    loop = VirtualTimeLoop(seed=0)
    try:
        sim = Simulation(loop)
        assert not isinstance(sim.trace.current_task, _descriptors.REINITIALISABLE)
        with pytest.raises(TypeError):
            functools.partial.__setstate__(sim.trace.current_task, (_forged, (), {}, None))
    finally:
        loop.close()


# --- the standard library's descriptors: the guard compares what they stand for, and puts it back ----

def _used_world():
    """A stand-in for a standard-library module the checks use, with each kind of built-in descriptor
    and a partial, watched by a guard."""
    used = types.ModuleType("course_fake_stdlib")
    exec("import functools\n"
         "class Clock:\n"
         "    @property\n"
         "    def now(self):\n"
         "        return 'genuine'\n"
         "    @staticmethod\n"
         "    def tolerance(at):\n"
         "        return 'genuine'\n"
         "    @classmethod\n"
         "    def made(cls):\n"
         "        return 'genuine'\n"
         "def _genuine(*args, key):\n"
         "    return key\n"
         "ask = functools.partial(_genuine, 1, key='genuine')\n", used.__dict__)
    used.Clock.__module__ = used.__name__
    guard = _guard.build(own=[], used=[used], fixed=[], watched=[], genuine=[], runner=[])
    guard.begin()
    return used, guard


def _answers(used) -> tuple:
    clock = used.Clock()
    return clock.now, used.Clock.tolerance(0), used.Clock.made(), used.ask()


@pytest.mark.parametrize("reinit", [
    lambda used: property.__init__(used.Clock.__dict__["now"], _forged),
    lambda used: staticmethod.__init__(used.Clock.__dict__["tolerance"], _forged),
    lambda used: classmethod.__init__(used.Clock.__dict__["made"], _forged),
    lambda used: functools.partial.__setstate__(used.ask, (_forged, (), {}, None)),
    lambda used: used.ask.keywords.update(key="forged"),
], ids=["property", "staticmethod", "classmethod", "partial", "partial's keywords"])
def test_a_standard_library_descriptor_reinitialized_in_place_is_seen_and_put_back(reinit):
    used, guard = _used_world()
    before = _answers(used)
    assert before == ("genuine",) * 4 and guard.changed() == []
    reinit(used)
    assert _answers(used) != before
    assert guard.changed(), "a descriptor re-initialized in place went unseen"
    guard.restore()
    assert _answers(used) == before and guard.changed() == []


def test_a_property_put_back_keeps_its_name():
    # property.__init__ forgets the name `__set_name__` gave it (3.11, 3.12), which its messages show.
    used, guard = _used_world()
    clock = used.Clock()
    property.__init__(used.Clock.__dict__["now"], _forged)
    guard.restore()
    with pytest.raises(AttributeError, match="property 'now' of 'Clock' object has no setter"):
        clock.now = 1


def test_a_check_process_puts_back_a_standard_library_property_the_solution_cell_reinitialized():
    # In a real check process (audit hook on, version tags read): the solution cell re-initializes
    # asyncio.Queue's `maxsize` property in place; the guard puts it back as the first test cell begins,
    # where no tag had moved to tell it.
    from course.tests.test_problem_checks import _notebook, _outputs
    solution = ("import asyncio\n"
                "property.__init__(asyncio.Queue.__dict__['maxsize'], lambda self: 99)\n"
                "assert asyncio.Queue(3).maxsize == 99\n")
    test = "import asyncio\nassert asyncio.Queue(3).maxsize == 3, asyncio.Queue(3).maxsize\n"
    outputs = _outputs(_notebook(solution, test))
    assert [o for o in outputs["p01_test_0"] if o["output_type"] == "error"] == []


def test_a_check_process_puts_back_what_the_checks_descriptors_read_through():
    # `FixedMethod.fget` is a class attribute of the checks (an `_Item`), neither callable nor a
    # constant: replaced from the solution cell, it stayed for every test cell, and the sealed contract
    # methods read their entry through it.
    from course.tests.test_problem_checks import _notebook, _outputs
    solution = ("from course.testing import _descriptors\n"
                "class Evil:\n"
                "    def __get__(self, obj, cls=None):\n"
                "        return 'evil' if obj is not None else self\n"
                "type.__setattr__(_descriptors.FixedMethod, 'fget', Evil())\n")
    test = ("from course.testing import _descriptors\n"
            "assert type(_descriptors.FixedMethod.__dict__['fget']).__name__ == '_Item'\n")
    outputs = _outputs(_notebook(solution, test))
    assert [o for o in outputs["p01_test_0"] if o["output_type"] == "error"] == []


def test_a_check_process_puts_back_every_attribute_of_the_checks_classes():
    # Neither code nor constants, a slot's member descriptor (`TraceEvent.task`, which every check
    # reads an event's task through) and a traced primitive's `_Field` were not watched: replaced
    # from the solution cell, they stayed for every test cell.
    from course.tests.test_problem_checks import _notebook, _outputs
    solution = ("from course.testing import _trace, _primitives\n"
                "type.__setattr__(_trace.TraceEvent, 'task', property(lambda self: 'forged'))\n"
                "type.__setattr__(_primitives.TracedLock, '_locked', False)\n")
    test = ("from course.testing import _trace, _primitives\n"
            "assert type(_trace.TraceEvent.__dict__['task']).__name__ == 'member_descriptor'\n"
            "assert type(_primitives.TracedLock.__dict__['_locked']).__name__ == '_Field'\n")
    outputs = _outputs(_notebook(solution, test))
    assert [o for o in outputs["p01_test_0"] if o["output_type"] == "error"] == []
