"""What the check process refuses outright, in real check processes: a change of class of the
checks' objects (the guard's audit hook), and a test cell's name for a contract class that would
follow whatever the solution binds or files under it later (course.problem_process's `_Names`).
Red-team pass 55; its routes (p08_task_method_recast, p08_builtins_class_swap,
p09_seal_early_recast, p09_descriptor_recast, p09_lying_global_key, p09_sealer_fewer_methods)
grade the same in the real problems."""

from __future__ import annotations

from course.tests.test_problem_checks import _notebook, _outputs


def _errors(solution: str, *tests: str) -> dict[str, list[str]]:
    outputs = _outputs(_notebook(solution, *tests))
    return {cell: [f"{o['ename']}: {o['evalue']}" for o in found if o["output_type"] == "error"]
            for cell, found in outputs.items()}


def test_no_object_of_the_checks_changes_class_not_even_in_the_solution_cell():
    # Done in the solution cell, while no check runs: a note of it was cleared as the first test
    # cell began, and the class stayed changed for every test cell.
    solution = (
        "import asyncio, types\n"
        "from course.testing import _sealed, _contract_seal, _descriptors\n"
        "class Module(types.ModuleType):\n"
        "    pass\n"
        "class Liar(property):\n"
        "    def __get__(self, obj, cls=None):\n"
        "        return self if obj is None else (lambda: True)\n"
        "class Mine(_descriptors.FixedMethod):\n"
        "    pass\n"
        "def attempt(do):\n"
        "    try:\n"
        "        do()\n"
        "    except Exception as exc:\n"
        "        return type(exc).__name__\n"
        "    return 'done'\n"
        "ENTRY = _sealed.SealedTask.__dict__['cancelled']\n"
        "OWN = Liar(print)\n"
        "SOLUTION_CELL = [\n"
        "    attempt(lambda: setattr(ENTRY, '__class__', Liar)),\n"  # an object of the checks'
        "    attempt(lambda: object.__dict__['__class__'].__set__(ENTRY, Mine)),\n"
        "    attempt(lambda: setattr(OWN, '__class__', _descriptors.FixedMethod)),\n"  # made one of theirs
        "    attempt(lambda: setattr(_descriptors.FixedMethod, '__bases__', (tuple,))),\n"  # a class of theirs
        "    attempt(lambda: setattr(_contract_seal.ContractMethod, '__bases__', (property,))),\n"
        "    attempt(lambda: setattr(asyncio, '__class__', Module)),\n"  # a module they run on
        "]\n"
        "def swap_builtins(fn):\n"  # the test cells' builtins, a `_Names` dict, given a class of its own
        "    names = fn.__globals__['__builtins__']\n"
        "    class Names(type(names)):\n"
        "        __slots__ = ()\n"
        "        def __missing__(self, key):\n"
        "            return 'lie'\n"
        "    return attempt(lambda: setattr(names, '__class__', Names))\n")
    test = ("from course.testing import _sealed, _descriptors\n"
            "assert SOLUTION_CELL == ['RuntimeError'] * 6, SOLUTION_CELL\n"
            "assert type(_sealed.SealedTask.__dict__['cancelled']) is _descriptors.FixedMethod\n"
            "def probe():\n"
            "    pass\n"
            "assert swap_builtins(probe) == 'RuntimeError'\n"
            "assert type(probe.__globals__['__builtins__']).__name__ == '_Names'\n")
    assert _errors(solution, test) == {"p01_test_0": []}


def test_a_test_cells_name_for_a_contract_class_is_what_the_solution_cell_left():
    lock = ("import asyncio\n"
            "class AsyncRWLock:\n"
            "    async def acquire_read(self): pass\n"
            "    async def release_read(self): pass\n"
            "    async def acquire_write(self): pass\n"
            "    async def release_write(self): pass\n")
    # Rebound by the solution's own code after its cell ended: the tests' name does not follow.
    rebinding = lock + ("def rebind():\n"
                        "    global AsyncRWLock\n"
                        "    AsyncRWLock = lambda: 'unsealed'\n")
    test = ("rebind()\n"
            "assert type(AsyncRWLock).__name__ == 'Contracted', AsyncRWLock\n"
            "assert type(AsyncRWLock()).__mro__[1].__name__ == 'AsyncRWLock'\n")
    assert _errors(rebinding, test) == {"p01_test_0": []}
    # Any name a solution cell defines (`increment`, P01's) likewise.
    rebinding = ("async def increment(counter, lock, n):\n"
                 "    return 'async'\n"
                 "def rebind():\n"
                 "    global increment\n"
                 "    increment = lambda counter, lock, n: 'plain'\n")
    test = "import asyncio\nrebind()\nassert asyncio.run(increment(0, 0, 0)) == 'async'\n"
    assert _errors(rebinding, test) == {"p01_test_0": []}
    # Filed under a str subclass (whose `__eq__` could answer differently at each lookup): refused.
    lying = lock + ("class Name(str):\n"
                    "    __hash__ = str.__hash__\n"
                    "    def __eq__(self, other):\n"
                    "        return str.__eq__(self, other)\n"
                    "globals()[Name('AsyncRWLock')] = globals().pop('AsyncRWLock')\n")
    errors = _errors(lying, "AsyncRWLock\n")["p01_test_0"]
    assert len(errors) == 1 and "not a plain string" in errors[0], errors
    # A contract name bound to no class is not handed to the tests as it is.
    errors = _errors("def AsyncRWLock():\n    return object()\n", "AsyncRWLock\n")["p01_test_0"]
    assert len(errors) == 1 and "must be a class" in errors[0], errors
    # Nor is any name the contract makes a class (red-team pass 61: `CircuitOpenError` bound to a tuple subclass of
    # the real class and another, passing for a class, so that `except CircuitOpenError:` caught both).
    pretender = ("class CircuitOpenError(RuntimeError):\n    pass\n"
                 "class Rejected(RuntimeError):\n    pass\n"
                 "class _Errors(tuple):\n"
                 "    __class__ = property(lambda self: type)\n"
                 "    __bases__ = property(lambda self: (RuntimeError,))\n"
                 "CircuitOpenError = _Errors((CircuitOpenError, Rejected))\n")
    errors = _errors(pretender, "CircuitOpenError\n")["p01_test_0"]
    assert len(errors) == 1 and "must be a class" in errors[0], errors
    errors = _errors("class CircuitOpenError(Exception):\n    pass\n", "CircuitOpenError\n")["p01_test_0"]
    assert len(errors) == 1 and "derived from RuntimeError" in errors[0], errors
    meta = "class Meta(type):\n    pass\nclass CircuitOpenError(RuntimeError, metaclass=Meta):\n    pass\n"
    errors = _errors(meta, "CircuitOpenError\n")["p01_test_0"]
    assert len(errors) == 1 and "no metaclass of its own" in errors[0], errors
    errors = _errors("def TokenBucket(rate, max_tokens):\n    return object()\n", "TokenBucket\n")["p01_test_0"]
    assert len(errors) == 1 and "must be a class" in errors[0], errors
    assert _errors("class CircuitOpenError(RuntimeError):\n    pass\n",
                   "assert issubclass(CircuitOpenError, RuntimeError)\n") == {"p01_test_0": []}


def test_the_check_process_keeps_no_sealer_where_a_solution_can_import_it():
    solution = ("import course.problem_process as process\n"
                "FOUND = [name for name in ('seal', 'note', 'contracts', 'contracted', 'student')\n"
                "         if hasattr(process._Names, name)]\n")
    assert _errors(solution, "assert FOUND == [], FOUND\n") == {"p01_test_0": []}


def test_code_a_solution_swaps_once_the_tests_began_fails_every_later_check():
    # Outside a check (a test cell's own top level), a note of it was cleared by the next check's
    # restore, and nothing put the code back.
    solution = ("async def f():\n"
                "    return 1\n"
                "def plain():\n"
                "    return 1\n"
                "def swap():\n"
                "    f.__code__ = plain.__code__\n")
    scenario = ("from course.testing import explore, require\n"
                "async def asked(sim):\n"
                "    require(True, 'nothing', 'nothing')\n")
    assert _errors(solution, scenario + "explore(asked, seeds=1)\n") == {"p01_test_0": []}
    errors = _errors(solution, scenario + "swap()\nexplore(asked, seeds=1)\n")["p01_test_0"]
    assert len(errors) == 1 and "nothing puts it back" in errors[0], errors


def test_once_the_tests_began_no_class_changes_its_bases_and_no_exception_its_class():
    # Red-team pass 117: an Exception raised by a cancelled call, its class given CancelledError as a
    # base by a callback once the task had ended, passed for the cancellation (routes
    # `p01_bases_swap_cancelled` ...). In the solution cell, before the tests, a class is what it makes.
    solution = ("import asyncio\n"
                "class Layout(BaseException):\n"
                "    pass\n"
                "class Stopped(Layout, Exception):\n"
                "    pass\n"
                "class Other(Exception):\n"
                "    pass\n"
                "Early = type('Early', (Layout, Exception), {})\n"
                "Early.__bases__ = (asyncio.CancelledError,)\n"
                "def recast():\n"
                "    Stopped.__bases__ = (asyncio.CancelledError,)\n"
                "def reclass(error):\n"
                "    error.__class__ = Other\n")
    scenario = ("import asyncio\n"
                "from course.testing import explore, instance_of, require\n"
                "async def asked(sim):\n"
                "    require(instance_of(Early(), asyncio.CancelledError), 'made so in the solution cell', 'it was not')\n"
                "    {}\n"
                "explore(asked, seeds=1)\n")
    assert _errors(solution, scenario.format("pass")) == {"p01_test_0": []}
    for change, said in (("recast()", "the bases of class Stopped"), ("reclass(Stopped())", "the class of a Stopped exception")):
        errors = _errors(solution, scenario.format(change))["p01_test_0"]
        assert len(errors) == 1 and said in errors[0], (change, errors)
