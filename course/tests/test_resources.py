"""The audited resource factory: health on the virtual clock, handouts, peaks, leaks."""

from __future__ import annotations

import asyncio

from course.testing import run


def test_health_expires_on_virtual_time_and_handouts_are_audited():
    async def scenario(sim):
        factory = sim.resources(lifetime=0.1)
        a, b = factory(0), factory(7)
        factory.taken(a, "t1")
        factory.taken(a, "t2")           # the same resource to a second holder
        factory.returned(a)
        await asyncio.sleep(0.1)          # a is now exactly lifetime old: stale
        stale = a.check_health()
        b.close()
        factory.taken(b, "t3")            # closed when handed out
        factory.taken(object(), "t4")     # not made by this factory
        return factory, stale

    factory, stale = run(scenario)
    first, second, closed, foreign = factory.handouts
    assert stale is False and factory.made[0].health_checks == 1
    assert (first.healthy, first.shared_with, second.shared_with) == (True, None, "t1")
    assert (closed.ours, closed.closed, closed.healthy) == (True, True, False)
    assert (foreign.ours, foreign.healthy) == (False, False)
    assert factory.peak == 2 and factory.in_use == 2  # b and the foreign object (a went back)
    assert [r.number for r in factory.still_open()] == [0]
    assert [r.id for r in factory.made] == [0, 7]


def test_resources_equal_only_themselves():
    # P11's statement promises it: a pool may tell resources apart with `is`, `==`, `in` or a set.
    async def scenario(sim):
        factory = sim.resources()
        return factory(1), factory(1)

    a, b = run(scenario)
    assert a == a and a != b and len({a, b}) == 2 and b not in [a]


def test_a_pool_may_write_attributes_on_a_resource_without_changing_an_answer():
    # Red-team pass 39: a pool that tags what it lends (`resource._lent_by = pool`) works with the
    # notebook's Resource, so it must with the checks' resources; an attribute it writes shadows no fact.
    async def scenario(sim):
        factory = sim.resources(lifetime=0.1)
        r = factory(0)
        r._lent_by = "pool"
        r.close()
        try:
            r.closed_at = None            # a property without a setter: the fact stays
        except AttributeError:
            pass
        await asyncio.sleep(0.2)
        return factory, r

    factory, r = run(scenario)
    assert r._lent_by == "pool" and r.closed_at is not None and not r.healthy()
    assert factory.still_open() == []
