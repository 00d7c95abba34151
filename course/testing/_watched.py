"""Deques watched from outside: what each step of the event loop took out of them, and from which end.

Harness side (it runs beside student code in a check process, and decides nothing itself: the
checks read the events it files).

A check of the order in which a consumer takes items from a deque cannot take the consumer's
word for it: the list it returns is its own record, which it can put back into production
order after taking the newest item first (red-team pass 62). Nor can the check hand it a deque
subclass that records its calls: a subclass is told apart by its class (`type(queue) is
deque`) and gone around through the base class (`deque.popleft(queue)`). So a watched deque
is a plain `collections.deque`, and the event loop, after every step it runs, compares its
contents with what they were after the step before, by identity (an item's own `==` is its
class's): the items gone were taken in that step, by the task the step was. In a check process
the snapshots live in the run's ledger, which no object a solution holds leads to.

What one step did is all that can be seen, and all that matters: a consumer that takes every
item present in one step, in whatever order, did what taking them from the left does.
"""

from __future__ import annotations

from collections import deque
from typing import Any

#: The event kinds a watched deque files, one event per item taken (detail: the item): `take`
#: for an item taken with no item older than it left behind in the deque (from the left), and
#: `take-out-of-order` for one taken while an item that was to its left stayed in the deque.
TAKE, TAKE_OUT_OF_ORDER = "take", "take-out-of-order"


def takes_between(before: list, after: deque) -> tuple[list, bool]:
    """What one step took from a deque: `(taken, leftmost)`.

    `before` is the deque's contents (left to right) after the previous step, `after` the
    deque now. `taken` lists the items of `before` no longer in `after`, by identity and
    multiplicity, left to right as they were in `before`; `leftmost` is whether they were
    `before`'s first `len(taken)` items (taken from the left, nothing older left behind).
    Items in `after` that were not in `before` (appended, or given back) are not takes.
    O(len(before) + len(after)).
    """
    remaining: dict[int, int] = {}
    for item in after:
        remaining[id(item)] = remaining.get(id(item), 0) + 1
    kept = dict(remaining)
    taken, kept_positions = [], []
    for position, item in enumerate(before):
        count = kept.get(id(item), 0)
        if count:
            kept[id(item)] = count - 1
            kept_positions.append(position)
        else:
            taken.append(item)
    if not taken:
        return taken, True
    # From the left: what stayed is exactly `before` less its first len(taken) items (by identity,
    # as a multiset: with an item twice in the deque, which copy went cannot be told apart).
    stayed: dict[int, int] = {}
    for item in before[len(taken):]:
        stayed[id(item)] = stayed.get(id(item), 0) + 1
    leftmost = all(remaining.get(key, 0) >= count for key, count in stayed.items())
    if leftmost:
        taken = before[:len(taken)]
    return taken, leftmost


def note_takes(watched: list) -> list[tuple[str, str, Any]]:
    """After a step: for each watched entry `[deque, name, snapshot]` whose deque changed, what the
    step took, as `(name, kind, item)` (kinds: `TAKE`, `TAKE_OUT_OF_ORDER`), and keep the new
    snapshot. The caller files them as the work of the step's task. (No callback: the checks'
    functions keep no closures, see _guard.)"""
    found = []
    for entry in watched:
        now, before = entry[0], entry[2]
        if len(now) == len(before) and all(a is b for a, b in zip(now, before)):
            continue
        taken, leftmost = takes_between(before, now)
        entry[2] = list(now)
        kind = TAKE if leftmost else TAKE_OUT_OF_ORDER
        found.extend((entry[1], kind, item) for item in taken)
    return found
