"""The harness keys its books by identity without raising an audit event per key
(course.testing._identity): in a check process the guard's audit hook runs for every
event, so an event per lookup is CPU every problem's checks pay."""

from __future__ import annotations

import subprocess
import sys
import textwrap

from course.testing._identity import identity


def test_identity_keys_are_unique_among_live_objects_whatever_their_hash():
    class Same:
        def __hash__(self) -> int:  # every one claims the same hash
            return 7

        def __eq__(self, other) -> bool:
            return True

    class Unhashable:
        __hash__ = None  # type: ignore[assignment]

    objects = [Same(), Same(), Unhashable(), Unhashable(), [], [], {}, 10**30, 10**30 + 1, "a", Same, Unhashable,
               identity, object()]
    keys = [identity(o) for o in objects]
    assert len(set(keys)) == len(objects)
    assert keys == [identity(o) for o in objects]  # fixed for an object's life
    assert identity(objects[0]) != hash(objects[0])


# Counts the events a run of the harness raises from its own code (course/testing), in a
# process of its own: an audit hook can never be removed from the process that adds it.
_COUNT = textwrap.dedent("""
    import collections, sys
    counts = collections.Counter()
    harness = {}

    def hook(event, args):
        if event in ("builtins.id", "sys._getframe") and not harness.get("busy"):
            harness["busy"] = True
            try:
                if "/course/testing/" in sys._getframe(1).f_code.co_filename:
                    counts[event] += 1
            finally:
                harness["busy"] = False

    import asyncio
    from course.testing import explore, require

    async def two_tasks_share_a_lock(sim):
        lock, counter = sim.lock("lock"), sim.shared_list([0], "counter")

        async def add():
            for _ in range(5):
                async with lock:
                    value = counter[0]
                    await asyncio.sleep(0.001)
                    counter[0] = value + 1

        await asyncio.gather(sim.spawn(add(), name="a"), sim.spawn(add(), name="b"))
        require(counter[0] == 10, "10 additions", f"{counter[0]}")

    sys.addaudithook(hook)
    explore(two_tasks_share_a_lock, seeds=5)
    print(counts["builtins.id"], counts["sys._getframe"])
""")


def test_the_harness_never_calls_id_while_it_runs_a_check():
    done = subprocess.run([sys.executable, "-c", _COUNT], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    ids, frames = map(int, done.stdout.split())
    assert frames > 0  # the hook saw the harness at work
    assert ids == 0


def test_remove_identical_removes_that_very_object_and_asks_no_one():
    from course.testing._identity import remove_identical

    asked = []

    class Nosy:
        def __eq__(self, other):
            asked.append(other)
            return True

        __hash__ = object.__hash__

    mine, theirs, twin = Nosy(), object(), Nosy()
    items = [twin, mine, theirs]
    remove_identical(items, theirs)
    assert len(items) == 2 and items[0] is twin and items[1] is mine
    remove_identical(items, object())  # absent: nothing removed
    assert len(items) == 2 and items[0] is twin and items[1] is mine
    assert asked == []  # `list.remove(theirs)` would have handed `theirs` to twin's __eq__
