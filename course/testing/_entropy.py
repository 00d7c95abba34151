"""Random draws a check process repeats: a solution's `random` scores the same in every grading.

Side: loaded in the grading sandbox, beside student code; installed by `course.problem_process`
before any student code runs (the guard's snapshot then holds what it installs).

A check process judges a solution by what it does in seeded runs, and CURRICULUM asks the same
score on every grading. A solution's own draws came from the operating system (a generator made
without a seed, `random.Random()`, seeds itself from `os.urandom`; the `random` module's own was
seeded so at import): a correct P10 queue that woke a waiting getter picked by its own unseeded
`random.Random()` scored 20, 20 and 16 of 20 in three gradings (red-team pass 89), and a P07 worker
making a fresh generator for each call drew other pauses in each trial of a sweep than in the run
that left it alone, and lost that check. In a check process:

- each run is labelled with the problem's secret, its seed and how many runs the process began
  before it (`start_run`), and the `random` module's generator is seeded from that label as the
  run starts;
- a seed asked for without one (`random.Random()`, `generator.seed()`, `random.seed()`) is drawn
  from the run's label and how many such seeds the run gave before it (`ledger.unseeded`, which a
  sweep sets back before each trial, as it does the generators: see _cancellation), so each trial
  draws what its uncut run drew; outside a run (a solution's code at load, a thread of its own)
  from how many the process gave before;
- the operating system's own draws (`os.urandom`, and through it `random.SystemRandom`, `secrets`,
  `uuid.uuid4`) are drawn alike (`urandom`): a correct P07 worker pausing for a
  `random.SystemRandom()` draw lost p07_test_broken in every grading (red-team pass 90).

What is not made to repeat: a solution's behaviour that depends on object addresses (`id()`, the
order of a set of objects hashed by address): they differ from process to process and from one
trial of a sweep to the next.
"""

from __future__ import annotations

import _random
import itertools
import operator
import os
import random
import sys
import threading
from typing import Any

from ._identity import derives_from
from ._trace import find_ledger

#: random.Random.seed as the standard library defines it (str, bytes and int seeds), bound before
#: `install` replaces it.
_SEED = random.Random.seed

_getframe = sys._getframe


def install() -> None:
    """Make every seed asked for without one in this process a drawn one (see the module's
    docstring): `random.Random.seed` replaced, and the `random` module's generator (and its
    `seed`, a method bound at its import) seeded anew. Called once, on the process's main thread,
    before any student code runs."""
    global _main_thread, _outside, _runs
    _main_thread = threading.get_ident()
    _outside, _runs = itertools.count(), itertools.count()
    random.Random.seed = seed
    os.urandom = random._urandom = urandom  # (random binds os.urandom as `_urandom` for SystemRandom)
    generator = vars(random).get("_inst")
    random.seed = generator.seed
    _random.Random.seed(generator, _drawn("the random module at load"))


def start_run(ledger: Any, seed: int | None) -> None:
    """Label a check process's run of seed `seed` (`ledger`, the run's: it holds the problem's
    secret) for its draws, and seed the random module's generator from that label, before
    any of the run's code runs. The label holds how many runs the process began before this one,
    so that no run draws what an earlier one drew (two checks run the same seeds: a draw seen
    before at a call's start told a sweep's later trials from its first, route
    `p07_first_trial_padded_module_rng`)."""
    ledger.entropy = f"{ledger.secret} {seed} {next(_runs)}"
    generator = vars(random).get("_inst")
    if derives_from(type(generator), _random.Random):  # (seeded by its C type: no method of its class runs)
        _random.Random.seed(generator, _drawn(f"the random module {ledger.entropy}"))


def seed(self: random.Random, a: Any = None, version: int = 2) -> None:
    """`random.Random.seed` in a check process: as the standard library's, but a seed asked for
    without one (`a` None) is drawn (see the module's docstring), not read from the OS."""
    if a is None:
        a = _drawn(_next_label("unseeded"))
    _SEED(self, a, version)


def urandom(size: int) -> bytes:
    """`os.urandom(size)` in a check process: `size` bytes drawn as a seed asked for without one
    is (see the module's docstring). Raises TypeError for a size that is no integer, ValueError
    for a negative one, as os.urandom does."""
    size = operator.index(size)
    if size < 0:
        raise ValueError("negative argument not allowed")
    return _Labelled(_next_label("urandom")).randbytes(size)


def _next_label(kind: str) -> str:
    """The label of the next draw of `kind` made outside the run's schedule: the run's label and
    how many such draws the run made before it (`ledger.unseeded`, set back by a sweep before each
    trial), or, outside a run (at load, in a thread of a solution's), how many the process made."""
    ledger = find_ledger(_getframe()) if threading.get_ident() == _main_thread else None
    if ledger is not None and ledger.entropy is not None:
        label = f"{kind} {ledger.entropy} {ledger.unseeded}"
        ledger.unseeded += 1
        return label
    return f"{kind} outside a run {next(_outside)}"


def _drawn(label: str) -> int:
    """A 128-bit seed drawn from `label` alone (random.Random's own hashing of a str seed)."""
    return _random.Random.getrandbits(_Labelled(label), 128)


class _Labelled(random.Random):
    """A generator seeded from a str by the standard library's own `seed` (`_SEED`), whatever
    `random.Random.seed` is now."""

    def __init__(self, label: str) -> None:
        _SEED(self, label, 2)


_main_thread: int | None = None
_outside = itertools.count()  # draws made outside a run (seeds asked for without one, OS bytes)
_runs = itertools.count()  # runs begun
