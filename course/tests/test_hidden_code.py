"""A solution cannot read a test's code object (a hidden test's constants, names and control
flow, disassembled) in a real sandboxed check process: not as `__code__` of a test's function
(reached through the globals of a given function a test hands it), nor through the standard
library's readers (`dis`, `inspect.getclosurevars`), nor as the `cr_code` of a test's coroutine;
what the standard library makes of the code for a caller (a task's repr, a signature, whether it
is a coroutine function) still works, and so does reading the given cells' code."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from .checked import check, with_solution

PROBE = Path(__file__).parent / "probes" / "test_code.py"
RACE = Path(__file__).parent / "probes" / "test_code_race.py"

pytestmark = pytest.mark.slow


def test_a_solution_reads_no_test_code_but_what_the_library_makes_of_it():
    checked = check(with_solution("3_hard", "p08", PROBE.read_text()), "p08", 120.0)
    said = " ".join(o.get("evalue", "") for errors in checked.errors().values() for o in errors)
    found = re.search(r"outcomes: (.*?)(?: \(in call\(\)|\n|$)", said)
    assert found, said
    outcomes = dict(part.rsplit(": ", 1) for part in found.group(1).split("; "))
    for way in ("the scenario coroutine's cr_code", "scenario.__code__", "getattr(scenario, '__code__')",
                "FunctionType.__code__.__get__(scenario)", "dis.Bytecode(scenario)",
                "inspect.getclosurevars(scenario)", "an allowed reader made to read it for a solution",
                "the checks' own reader, called by a solution"):
        assert outcomes.pop(way) == "refused", (way, found.group(1))
    assert outcomes == {"inspect.iscoroutinefunction(scenario)": "read", "inspect.signature(scenario)": "read",
                        "repr of the scenario's task": "read", "fn.__code__ (a given method's)": "read"}, found.group(1)


def test_a_thread_racing_the_guard_reads_no_test_code():
    """Red-team pass 47: the audit hook's flag for its own reads was one for all threads, so a
    solution's thread reading its own function's code in a loop let the main thread read any
    test function's code object (every hidden P08 function, within 10,000 tries). The flag is
    per thread now: 20,000 tries for each of three functions, none read."""
    checked = check(with_solution("3_hard", "p08", RACE.read_text()), "p08", 240.0)
    said = " ".join(o.get("evalue", "") + o.get("text", "") for outputs in checked.outputs.values() for o in outputs)
    assert "refused 20000x" in said, said[:3000]
    assert "READ after" not in said, said[:3000]
