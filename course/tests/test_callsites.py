"""What `_callsites.call_sites` reads off test code: which function each instruction calls, by name."""

from __future__ import annotations

import dis
import sys

from course.testing._callsites import call_sites
from course.testing._identity import identity

SOURCE = '''
async def scenario(sim, factory, pool, asyncio):
    await sim.let_time_pass(5, until=lambda: True)
    factory.returned(r)
    done = await asyncio.gather(a(), b())
    async with pool.resource() as r:
        peak = factory.peak
    sim.spawn(c(), name="x")
    f(*args)
'''


def _names_by_line(code) -> dict[int, set[str]]:
    """{source line: the names called there} (offsets mapped back to lines)."""
    sites = call_sites([code])
    lines = {}
    for instruction in dis.get_instructions(code):
        if instruction.positions is not None and instruction.positions.lineno is not None:
            lines[instruction.offset] = instruction.positions.lineno
    found: dict[int, set[str]] = {}
    for key, offset, name in sites:
        assert key == identity(code)
        line = max((o for o in lines if o <= offset), default=None)
        found.setdefault(lines[line] - 1, set()).add(name)
    return found


def test_calls_awaits_and_attribute_reads_are_named_and_implicit_calls_are_not():
    code = compile(SOURCE, "<test>", "exec").co_consts[0]
    found = _names_by_line(code)
    assert {"let_time_pass"} <= found[2]  # the call, and the await of it
    assert "returned" in found[3]
    assert {"gather", "a", "b"} <= found[4]
    assert "resource" in found[5]
    assert "peak" in found[6]  # a property's getter runs while the frame reads it
    assert "spawn" in found[7] and "c" in found[7]
    assert "f" in found[8]
    # Each site names what that instruction calls: nothing at `async with` calls "returned".
    sites = call_sites([code])
    for instruction in dis.get_instructions(code):
        if instruction.opname in ("BEFORE_ASYNC_WITH", "BEFORE_WITH"):
            assert not any(offset == instruction.offset for _, offset, _ in sites)


def test_every_offset_a_running_call_can_report_is_covered():
    # While `returned` runs, the scenario's frame reports the CALL's offset (3.13) or that of its
    # last inline cache entry (3.11): whichever it is, the site is found.
    seen = []

    class Factory:
        def returned(self, resource):
            seen.append(sys._getframe(1).f_lasti)

    source = "def scenario(factory):\n    factory.returned(1)\n"
    namespace: dict = {}
    exec(compile(source, "<test>", "exec"), namespace)
    code = namespace["scenario"].__code__
    namespace["scenario"](Factory())
    assert (identity(code), seen[0], "returned") in call_sites([code])
