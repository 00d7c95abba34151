"""Cancellation anywhere: the checks' tools for "a task cancelled at any point leaks nothing".

A contract that says "a cancelled waiter leaves the lock usable" (or "loses no item",
"leaks no slot") covers every point where the task can be cancelled, not the one or two
a test happened to pick. In asyncio a task can only be cancelled where it suspends (an
`await` that really waits), so those points can be listed, and each one tried:

- `every_suspension(sim, trial)` runs `trial(cut)` once with the target task left alone,
  then once more for each of its suspension points k = 1, 2, ...: the run's target is
  cancelled right after its k-th suspension (`sim.cancel_at`), until a run where the
  target finishes before reaching suspension k (it has no k-th one). The points are
  those of the work the target does, in the tasks it awaits too (`await
  asyncio.create_task(...)`, a gather, a TaskGroup): a task it awaits that suspends is a
  point of the target's, where cancelling the target reaches that task (asyncio passes the
  cancellation on); see `VirtualTimeLoop.cancel_at`. `trial` builds a
  fresh world each time, marks its target with `cut.target(task)`, and checks what must
  hold; `str(cut)` says which run failed ("cancelled right after its 3rd suspension").
  `cut.spare()` ends the sweep's part early: called once the target is past what the
  contract covers (it holds the lock it waited for, say), a later suspension (while it
  holds the lock, or releases it) is not cancelled, and the sweep stops there.
  In a check process each trial replays the uncut run's schedule and random draws, from an instant
  where its float times round as the uncut run's did (a leap ahead in virtual time: see
  `_trial_start`), and a target that reached a cut's point otherwise than it did left alone (other lines, other traced
  actions before it) fails: one that tells trials apart (by its task's name, or by counting its
  calls) could otherwise spin, or skip its lock, in the trials that cut it (red-team passes
  75, 76). There the cut lands inside the suspension it cuts, at a point drawn from the
  problem's secret, the seed and the sweep's place in the process, anywhere in it as the
  uncut run timed it (`str(cut)`: "cancelled 0.414 ms into its 1st suspension"), or at a
  short decimal's multiple inside it, where a test's deadline falls (see `Landing`): as a
  deadline would, not at the instant it began, where only a sweep's cut ever lands
  (red-team pass 78; the trials before the uncut run too, as the last sweep timed it: pass
  92); a suspension that takes no virtual time is cut at its instant, the only one it has,
  and a target woken before its cut lands is cancelled as it is woken, before it runs again.

One moment needs more than a suspension count: a waiter that has been *handed* what it
waited for (a permit, an item, a `notify()`) and is cancelled before it runs again. The
hand-over happened; the waiter will never use it; whoever waits behind it must not pay.
A test reaches that moment with

- `woken(task)`: the future `task` awaits is done, and `task` has not run since;
- `cancel_when_woken(task)`: cancel `task` the moment it is woken, however the solution
  wakes it (the future it awaits completed with a result, an exception, or cancelled;
  its sleep ended) and whenever (one loop callback later, a microsecond later): in a check
  process the loop cancels it right after the step that woke it, before it runs again;
  in a kernel its own wake-up and this cancellation become ready together, and each seed
  puts the cancellation just before or just after it resumes (both legal interleavings).
  What it returns says which tasks it cancelled (`Arming`): a trial whose cancellation
  never landed did not happen, and says so, rather than passing.

A look with `woken()` right after the hand-over was asked for (`await queue.put(...)`)
sees only a solution that hands over at once: one that hands over a callback later is
seen with nobody woken (red-team pass 59). Arm before, with `cancel_when_woken`.

asyncio.Condition is the one primitive where the standard library itself decides that
moment's outcome differently by version: on Python 3.11 and 3.12 a waiter woken by
`notify()` and cancelled before it runs takes the wake-up with it, and the next waiter
sleeps on (CPython gh-112202); 3.13 passes it on to the next waiter. So a solution that
relies on `notify()` alone is right on 3.13 and wrong on 3.11 and 3.12, through no code
of its own. A check that finds a waiter stuck after such a cancellation tells the two
cases apart:

- `notified_by_condition(task)`: the asyncio.Condition whose `notify()` woke `task`, if
  `task` waits in `Condition.wait()` and has been notified but has not run since (call
  it before cancelling the task);
- `CONDITION_LOSES_WAKEUPS`: True on the Pythons where that wake-up is lost;
- `waiting_on_condition(task)`: the asyncio.Condition in whose wait() `task` sleeps;
- `pass_wakeup_on(condition)`: what Python 3.13 does there, done by the test: notify the
  next waiter. `wakeup_lost_by_condition(sleeper)` does it for the condition a stuck
  waiter sleeps on (3.11 and 3.12 only) and says whether the waiter then went on: if so,
  the failure is the standard library's, and `lost_wakeup_note(...)` says so in words.
"""

from __future__ import annotations

import _random
import asyncio
import functools
import gc
import math
import platform
import random
import sys
from typing import Any, Awaitable, Callable

from ._code import code_of
from ._descriptors import FixedProperty
from ._diagnosis import _chain_frames as _frames
from ._failures import InvariantBroken
from ._identity import derives_from, identity
from ._trace import filed_name, find_ledger, find_ledger_of_tests

__all__ = ["Cut", "every_suspension", "woken", "cancel_when_woken", "Arming", "notified_by_condition",
           "waiting_on_condition", "pass_wakeup_on", "wakeup_lost_by_condition", "lost_wakeup_note",
           "CONDITION_LOSES_WAKEUPS"]

#: Python 3.11 and 3.12: a waiter of asyncio.Condition that is notified and then cancelled before
#: it runs takes the wake-up with it (gh-112202); 3.13's Condition.wait() notifies the next waiter.
CONDITION_LOSES_WAKEUPS = sys.version_info < (3, 13)

# The code of asyncio.Condition.wait, bound now (the checks' world is restored around each check).
_CONDITION_WAIT = asyncio.Condition.wait.__code__
# Bound at import, as everything the sweeps call in a module a solution can write unseen (`sys` has no
# version tag: see _guard): `sys._getframe` read at call time, a solution's fake between two of the
# guard's looks took the ledger from every cut, which then landed at the instant its target suspended
# (red-team pass 115, routes `p01_getframe_blinds_landing`, `p07_...`, `p08_...`).
_getframe, _python_version = sys._getframe, platform.python_version


#: A suspension no task reaches: planning a cancellation there takes back an earlier plan.
_NEVER = 2**62

#: Loop steps a cut trial of `every_suspension` may take beyond what the uncut trial took.
_TRIAL_STEPS = 10_000

# The C generator's own state methods, bound before any student code runs (random.Random's
# Python-level methods can be replaced).
_getstate, _setstate = _random.Random.getstate, _random.Random.setstate


def _is_generator_type(kind: type) -> bool:
    """Whether `kind` is `_random.Random` or a subclass of it (by identity: see `derives_from`)."""
    return derives_from(kind, _random.Random)

#: Tries of a cut trial whose target went another way than its uncut run: the first starts where the
#: uncut run's floats round alike (see _trial_start), each later one later in virtual time (by _SHIFT
#: seconds more each time), on the same schedule, where they round otherwise. What can honestly differ
#: between trials: what depends on object addresses (the order of a set of futures), which falls anew
#: in each try, and float sums of times where a trial cannot start in the uncut run's binade (see
#: _trial_start). A target that tells trials apart goes its other way in each try.
#: Eight since a sweep fails at any point whose tries all went another way (2026-12-07): with three, a
#: correct P10 queue waking the waiting getter of lowest `id()` went another way in all three at some
#: point in each of 3 gradings, with eight in none of 3 (an address falls anew in each try); a try
#: costs a trial only where the target went another way.
_TRIES = 8
_SHIFT = 0.000_731

#: Virtual seconds: the lowest binade a check process's sweep starts its trials in (see _trial_start),
#: and twice the room a trial's first sweep is given in it. The course's sweeps of correct solutions
#: span 0.01 to 1.3 virtual seconds (2026-12-07); a slow one could take tens.
_FIRST_BINADE = 64.0
#: A trial starts on a multiple of 2**-_QUANTUM_BITS of its binade's base: far above the binade's
#: float spacing (2**-52 of it), far below a tick.
_QUANTUM_BITS = 30


def _binade(now: float, room: float, max_time: float) -> float | None:
    """2**m, in virtual seconds: the binade [2**m, 2**(m+1)) a check process's sweep that begins at
    `now` and may take `room` virtual seconds starts its trials in (see _trial_start): the lowest, of
    at least _FIRST_BINADE, in which all of it fits from now (or from its start); None where that
    binade would end past `max_time` (the run's bound), and the trials start where they come."""
    binade = max(_FIRST_BINADE, math.ldexp(1.0, math.frexp(now)[1] - 1))  # (frexp: now = f * 2**e, 0.5 <= f < 1)
    while max(now, binade) + room >= 2 * binade:
        binade *= 2
    return binade if 2 * binade <= max_time else None


async def _trial_start(sim: Any, ledger: Any, binade: float | None) -> None:
    """Let virtual time pass until the instant a sweep's next trial starts at: the first multiple of
    `binade` * 2**-_QUANTUM_BITS at least a tick from now, if that is inside the binade [binade,
    2 * binade); else (the sweep has run past it) now.

    Why: virtual time is a float, and a trial's times are sums from its start (a sleep's due time is
    the clock plus the delay; 0.1 + 0.006 + 0.006 is not 0.1 + 0.012), which round by where the clock
    stands. From two starts in one binade, each a multiple of a quantum above its float spacing, every
    such sum rounds alike, so a trial's times are the uncut run's, offset: two workers that reach a
    barrier at one moment in the uncut run do in each trial. From anywhere else they could be a rounding
    apart in one trial, which changed who ran first, and a correct target went another way in it: a
    P07 worker doing its 12 ms of work in `worker_id % 4 + 1` equal slices lost `p07_test_broken` (5
    points) in every grading, in a trial cut before the uncut run, which is not tried again (red-team
    pass 90's fairness find)."""
    if binade is None:
        return
    now = ledger.now
    quantum = math.ldexp(binade, -_QUANTUM_BITS)
    when = max(binade, math.ceil((now + ledger.tick) / quantum) * quantum)
    if when >= 2 * binade:
        return
    started = sim.loop.create_future()
    sim.loop.call_at(when, _start, started)
    await started


def _start(started: asyncio.Future) -> None:
    if not started.done():
        started.set_result(None)

def _grant(sim: Any, steps: int) -> None:
    """Let the run go on for at least `steps` more loop callbacks from now (the loop's
    `max_steps` counts from the run's start): a sweep's next trial is a run of its own.
    In a check process the run's own bound, and only for a sweep test code started
    (`find_ledger_of_tests`), counted from the run's own step count: called by a solution (with
    a `sim` whose `steps()` says what it likes), it raised the run's bound without limit
    (red-team pass 73, route `p01_granted_steps`); now it sets only the loop's copy."""
    ledger = find_ledger_of_tests(_getframe())
    if ledger is not None:
        ledger.max_steps = max(ledger.max_steps, ledger.steps + steps)
    else:
        sim.loop.max_steps = max(sim.loop.max_steps, sim.steps() + steps)


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


class Cut:
    """One run of `every_suspension`: the suspension of the target task after which it is
    cancelled (`k`), 0 for the run that leaves it alone."""

    def __init__(self, sim: Any, k: int, counted: int | None = None) -> None:
        self._sim = sim
        #: cancel the target right after its k-th suspension (0: never)
        self.k = k
        #: how many times the target suspended in the run that left it alone (None in that run)
        self.counted = counted
        #: the task marked with `target()`
        self.task: asyncio.Task | None = None
        #: where in its k-th suspension the target is cancelled: a check process's sweep's Landing (see
        #: every_suspension); None: right after it suspends
        self.landing: Landing | None = None
        self._spared_at: int | None = None

    def target(self, task: asyncio.Task) -> asyncio.Task:
        """Mark `task` as this run's target (one per run); returns it."""
        if self.task is not None:
            raise RuntimeError("a cut cancels one task: target() was called twice in one run")
        self.task = task
        if self.k:
            self._sim.cancel_at(task, self.k)
            ledger = find_ledger_of_tests(_getframe())
            if ledger is not None and ledger.cuts.get(identity(self)) is self and identity(self) in ledger.cut_landings:
                ledger.landings[identity(task)] = ledger.cut_landings[identity(self)]  # (the loop's, see _loop._cut)
        else:
            self._sim.loop.count_suspensions(task, awaited=True)
        return task

    def spare(self) -> None:
        """Leave the target alone from now on: the part of it under test is over (it got the
        lock, say), so a cancellation planned for a later suspension does not happen."""
        if self.task is None or self._spared_at is not None:
            return
        self._spared_at = self.suspensions
        if self.k and self._spared_at < self.k and not self.task.done():
            ledger = find_ledger_of_tests(_getframe())
            if ledger is None:
                self._sim.cancel_at(self.task, _NEVER)
            elif ledger.cuts.get(identity(self)) is self:
                # A check process: a cut the sweep made withdraws its plan itself (the loop's
                # cancel_at refuses to change a plan: see VirtualTimeLoop.cancel_at).
                ledger.plan[identity(self.task)] = _NEVER

    @FixedProperty
    def suspensions(self) -> int:
        """How many times the target has suspended so far (in this run)."""
        if self.task is None:
            return 0
        return self._sim.loop.suspensions(self.task)

    @FixedProperty
    def fired(self) -> bool:
        """Whether this cut cancelled the target: it reached its k-th suspension and was still
        there, not done, when the cancellation came (in a check process a cut lands some way into
        that suspension, and a target whose suspension ended sooner there than in the uncut run
        may have returned first: counted as cancelled, it was judged for a cancellation it never
        had, a correct P10 queue "returned an item though cancelled": red-team pass 89)."""
        return self.fired_at is not None

    def _reached(self) -> bool:
        """Whether the target reached the k-th suspension this cut plans (before any `spare()`)."""
        if not self.k or self.task is None:
            return False
        reached = self.suspensions if self._spared_at is None else self._spared_at
        return reached >= self.k

    @FixedProperty
    def fired_at(self) -> float | None:
        """The virtual time (seconds) at which this cut cancelled the target (right after its k-th
        suspension), or None if it did not: from the run's ledger in a check process."""
        if not self.k or self.task is None:
            return None
        return self._sim.loop.cancelled_at(self.task)

    @FixedProperty
    def lag(self) -> float:
        """Virtual seconds into its k-th suspension at which the target was cancelled (0: right after it
        suspended): as the check process's sweep placed it (see `Landing`)."""
        return self.landing.lag if self.landing is not None else 0.0

    def __str__(self) -> str:
        if not self.k:
            return "not cancelled"
        if self.lag:
            return f"cancelled {self.lag * 1000:.3g} ms into its {_ordinal(self.k)} suspension"
        return f"cancelled right after its {_ordinal(self.k)} suspension"


Trial = Callable[[Cut], Awaitable[Any]]


async def every_suspension(sim: Any, trial: Trial, *, most: int = 100) -> int:
    """Run `trial` with its target task left alone, then cancelled at each of its suspension points.

    `trial(cut)` builds a fresh world, starts its tasks, marks the one to cancel with
    `cut.target(task)` and checks what must hold (with `require`, naming `cut` in its
    message). The first run leaves the target alone and counts its suspensions; then, for
    each k = 1, 2, ... up to that count (in an order drawn from the run's seed), then on
    while the target still gets that far, the target is cancelled right after its k-th
    suspension (in a check process, some way into it: see the module's docstring). Returns the
    number of suspension points tried (runs in which the cancellation happened). A target that calls `cut.spare()` (see
    `Cut.spare`) is cancelled only at the suspensions before that call. In a check process
    each trial runs on the uncancelled run's schedule and random draws, and a target that, in a
    trial that was to cancel it at a point its uncancelled run reached, did not get there, got
    there by other lines (at any level of its awaits) or after other traced actions of its own
    (each such trial tried `_TRIES` times), fails the check (InvariantBroken): it told the trials
    apart, and that point was not tried; so does a target that ends cancelled though neither its
    cut nor the test cancelled it. A target that still
    suspends after `most` points fails the check (InvariantBroken): a sweep that stopped
    there would leave the points after it untried (padding with `await asyncio.sleep(0)`
    would move a bug past them).
    """
    if not asyncio.iscoroutinefunction(trial):
        raise TypeError(f"a trial is an `async def` function taking a Cut; got {trial!r}")
    # In a check process each trial runs on the schedule the uncancelled one ran on (the loop's
    # generator set back to its state at the sweep's start), and with its draws (the process's other
    # random generators: a worker that sleeps `random.uniform(...)` pauses alike in each trial, the
    # fairness test of pass 76), so a target that does the same in each run reaches, in each trial,
    # the points its uncancelled run reached, up to its cut, by the same lines, having done the same:
    # one that went another way in every try at a point (it ends at once, runs without suspending,
    # spins first) told the trials apart, and fails (red-team passes 75, 76). Elsewhere each trial
    # draws a schedule of its own.
    ledger = find_ledger_of_tests(_getframe())
    # (The loop's generator's state, how many unseeded seeds the run drew (see _entropy), the random
    # module's generator's state, {identity: state} of any other): states, a count and identities only,
    # see _replay: a reference to a generator held for the sweep's length showed in its `sys.getrefcount`
    # (red-team pass 86: `random._inst`'s count, one more in every trial of a sweep, told a solution it
    # was in one, and it cleaned up there alone: routes `pNN_refcount_in_sweep`).
    replay = None
    if ledger is not None and ledger.rng is not None:
        replay = (ledger, _getstate(ledger.rng), ledger.unseeded, *_generators(ledger))
        # What the sweep's own choices (the trials ahead, the order of the cuts, where each lands) are
        # drawn from: the problem's secret, the run's seed and place in the process (`_entropy`), and
        # the sweep's place in the run. From the secret and the seed alone, every sweep of a seed cut at
        # the same lags: a solution noted them in one check and cleaned up only at those in the next
        # (red-team pass 90: P08 +5, route `p08_learned_lags`; P02 +2).
        ledger.sweeps += 1
        label = f"{ledger.entropy} {ledger.sweeps}"
    # In a check process, one or two trials (drawn as above) cut the target before the run that
    # leaves it alone, each at a point drawn among those the last sweep of this trial
    # reached: the uncut run comes at a place the target cannot know, so a call that cleans up after a
    # cancellation only when it is not the first of its kind in the loop (a task name it has seen
    # before) is cut where it does not (red-team pass 77: +1 to +5 on four problems).
    # Each lands some way into the suspension it cuts, as the later ones do (see below), drawn from how
    # long that suspension lasted in the last sweep of this trial (or, in its first sweep, from
    # _GUESSED seconds, also where it took none; a sleep, from its own length: see _loop._cut; a wait
    # this run cannot time, over the orders of magnitude below and above that length: see Landing); one
    # that ends sooner is cancelled as it is woken (see _loop._deliver_woken):
    # cut at the instant it suspended, these trials were the only ones where a call careful only when
    # its task's name was seen before in the loop (pass 77's sign) was cut in a fresh name, and it was
    # careful there too when the cancellation came at that instant (pass 78's): red-team pass 92,
    # P01 +2, P07 +5, P08 +5, routes `pNN_ahead_trial_cut_at_instant`.
    ahead = []  # (cut, index of its run's first event)
    if replay is not None:
        draws = random.Random(f"every_suspension ahead {label}")
        hinted, hinted_steps, turn, lengths, span = ledger.reached.get(identity(code_of(trial)),
                                                                       (1, 0, 0, (), _FIRST_BINADE / 4))
        # Where the trials start (see _trial_start): room for twice what the last sweep of this trial took,
        # from its first trial's start (the leap there is not the sweep's: counted in, each sweep's room
        # was twice the last one's, and the binades grew past the run's bound in a few sweeps).
        binade = _binade(ledger.now, 2 * span, ledger.max_time)
        swept_from = None
        for _ in range(draws.choice((1, 2))):
            await _trial_start(sim, ledger, binade)
            if swept_from is None:
                swept_from = ledger.now
            cut = Cut(sim, draws.randint(1, max(hinted, 1)))
            length = lengths[cut.k - 1] if cut.k <= len(lengths) else _GUESSED
            landing = Landing(max(length, _GUESSED), *_drawn_place(draws, cut.k, turn), guessed=True)
            ahead.append((cut, await _run_trial(sim, trial, cut, hinted_steps + _TRIAL_STEPS, ledger, replay,
                                                landing)))
    if replay is not None:
        await _trial_start(sim, ledger, binade)
    base = Cut(sim, 0)
    first = sim.steps()
    base_origin = await _run_trial(sim, trial, base, None, ledger, replay)
    counted = base.suspensions
    # Each cut trial may take the uncut one's loop steps and _TRIAL_STEPS more, counted from its
    # start: a sweep of up to `most` trials is not bounded by one run's budget (a correct target
    # with 60 suspensions took 100,000 steps in eight sweeps), and a runaway trial still ends soon.
    budget = sim.steps() - first + _TRIAL_STEPS
    # Every point the uncancelled run reached is tried, in an order drawn from the run's seed:
    # a sweep that stopped at the first run whose target suspended fewer times could be cut
    # short by a solution that behaves differently once it has seen a cancellation.
    reach = min(base._spared_at if base._spared_at is not None else counted, most)
    order = list(range(1, reach + 1))
    random.Random(f"every_suspension {label if replay is not None else sim.seed} {reach}").shuffle(order)
    tried = 0
    # In a check process a cut lands inside the suspension it cuts, at a point drawn (as above; as
    # the uncut run timed that suspension), not at the instant it began: there only the sweep's cut
    # ever lands, so a call that cleaned up only when cancelled at the very time it suspended passed
    # every trial and kept its bug for a real deadline (red-team pass 78: +29 points on nine problems).
    landings = _landings(ledger, base.task, label, turn) if replay is not None else {}
    if replay is not None:
        ledger.reached[identity(code_of(trial))] = (reach, budget - _TRIAL_STEPS, turn + 1,
                                                    tuple(end - start for start, end in _spans(ledger, base.task)),
                                                    span)
        ahead = [(cut, origin) for cut, origin in ahead if cut.k <= reach]  # (the others cut nothing it reaches)
        for cut, origin in ahead:
            other_way = _other_way(ledger, (base, base_origin), (cut, origin), first=True)
            if other_way is not None:
                # A cut trial before the uncut run must go its way: a target that tells a sweep's first
                # trial from the later ones (a draw seen before: the generators are set back before each
                # trial; a task name seen before in the loop) and pads that one with harmless suspensions
                # kept the early cut, drawn from the uncut run's reach, on its padding, and its bug in
                # every sweep (red-team pass 88: +3 to +5 on P02, P04, P06, P07). It is not tried again,
                # as the later cuts are (a later try is no first trial). A first trial could go another way
                # honestly (see _TRIES): none of the 102 correct submissions does, but a P07 worker
                # doing its work in equal slices does, by float roundings (README, known gaps).
                raise InvariantBroken(*other_way)
    for k in order:
        landing, relanded = landings.get(k), False
        for attempt in range(_TRIES if replay is not None else 1):
            if attempt and not relanded:
                await asyncio.sleep(_SHIFT * attempt)
            elif replay is not None:
                await _trial_start(sim, ledger, binade)
            cut = Cut(sim, k, counted)
            origin = await _run_trial(sim, trial, cut, budget, ledger, replay, landing)
            other_way = _other_way(ledger, (base, base_origin), (cut, origin)) if replay is not None else None
            relanded = False
            if other_way is None and landing is not None and landing.woken is not None and attempt + 1 < _TRIES:
                # The target was woken before its cut came, and cancelled as it was: at the instant its wait
                # ended, which its own code may have chosen (a timer of its own, an `asyncio.timeout` around a
                # long sleep) and can recognise. That try cut no point inside the wait: the point is tried
                # again (from an aligned start, as the first try), the cut drawn inside the wait as this try
                # found it. Cancelled as it was woken, a call careful only at that instant kept its bug for a
                # deadline that comes while it waits (red-team pass 97: a sleep(10) under a timeout of 0.5 ms,
                # or ended by cancelling its future, P07 +5; routes `p07_timeout_pause`, `pNN_precancelled_*`).
                landing, relanded = Landing(landing.woken, landing.fraction, landing.digits, learned=True), True
                continue
            if other_way is None:
                break
        else:
            # Each point must be cut as the target runs there: a trial that went another way judged
            # nothing at its point. Until 2026-12-07 a sweep failed only when every point went another
            # way, so a target careful in a sweep's first trials (the ahead ones, the uncut run, the
            # first cut one) and padded with harmless waits in the later ones, each cut landing on a
            # pad, kept a leak its padded way had (a check process's trial count tells it when the
            # trials past the uncut run's reach, which would cut past its padding, come; then it is
            # careful again): route `p01_careful_in_a_sweeps_first_trials` (+2). An honest target goes
            # another way in a try by a float rounding (see _TRIES), which a later try undoes, or by what
            # depends on object addresses (README, known gaps): none of the 102 correct submissions goes
            # another way at a point in all its tries.
            raise InvariantBroken(*other_way)
        tried += cut.fired
    # Then on past the uncancelled run's count, while the target still gets that far.
    for k in range(reach + 1, most + 1):
        if replay is not None:
            await _trial_start(sim, ledger, binade)
        cut = Cut(sim, k, counted)
        await _run_trial(sim, trial, cut, budget, ledger, replay)
        if not cut.fired:
            break
        tried += 1
    else:
        cut = _made(ledger, Cut(sim, most + 1, counted))
        _grant(sim, budget)
        if replay is not None:
            _replay(*replay)
        await trial(cut)
        if cut.fired:
            raise InvariantBroken(
                "a task cancelled at any of its suspension points leaves everything as the contract says "
                f"(the checks cancel it at each point, up to {most})",
                f"it suspended more than {most} times in one run, so the points after the {_ordinal(most)} "
                "could not be tried: an `await` that waits for nothing (`asyncio.sleep(0)` in a loop, say) "
                "adds suspension points without doing anything")
    if replay is not None:
        key = identity(code_of(trial))
        ledger.reached[key] = (*ledger.reached[key][:4], ledger.now - swept_from)
    return tried


async def _run_trial(sim: Any, trial: Trial, cut: Cut, steps: int | None, ledger: Any, replay: tuple | None,
                     landing: Landing | None = None) -> int:
    """Run `trial(cut)` as one trial of a sweep: given `steps` more loop callbacks (None: the run's
    own), in a check process noted as a cut the sweep made (its target cancelled where `landing` puts
    it in the suspension it cuts) and started on the uncut run's schedule (`replay`, see `_replay`);
    the trial must mark its target, which must not cancel itself. Returns the index of the trial's
    first event in the run's ledger (0 outside a check process)."""
    _made(ledger, cut, landing)
    if steps is not None:
        _grant(sim, steps)
    origin = 0
    if replay is not None:
        _replay(*replay)
        origin = len(ledger.events)
    await trial(cut)
    if cut.task is None:
        raise RuntimeError("the trial never called cut.target(task): there is nothing to cancel")
    _never_cancelled_itself(cut)
    return origin


def _made(ledger: Any, cut: Cut, landing: Landing | None = None) -> Cut:
    """`cut`, noted in a check process's run as one a sweep made (kept alive there, so that no
    other object takes its identity): only such a cut may withdraw its plan (`Cut.spare`), and
    only its target is cancelled where `landing` puts it in the suspension it cuts."""
    if ledger is not None:
        ledger.cuts[identity(cut)] = cut
        if landing is not None:
            ledger.cut_landings[identity(cut)] = cut.landing = landing
    return cut


#: A sweep's cut lands, by turns (see _landings), anywhere in the suspension (a time on no short
#: decimal's grid) or at a multiple of 10**-d virtual seconds for d drawn from these.
_GRIDS = (1, 2, 3, 4, 5, 6, 7)
#: Virtual seconds a suspension is taken to last where no run timed it (a trial's first sweep's early
#: cut): the shortest wait of the notebooks' scenarios (P01's I/O). A wait that ends sooner is cut as
#: it is woken.
_GUESSED = 0.001
#: The finest grid a landing falls back to when its suspension holds no multiple of its own.
_FINEST = 9
#: A landing whose length is a guess (see Landing) lags from _LAG_LOW virtual seconds to _LAG_SPREAD
#: times the guess, spread evenly over the orders of magnitude in between: a third of the draws from a
#: 1 ms guess fall under the shortest wait a timer can make (a tick, 1 us).
_LAG_LOW = 1e-8
_LAG_SPREAD = 10
#: Virtual seconds a landing keeps clear of its suspension's ends: a trial's clock and the uncut run's
#: can differ by a float rounding there (a cut one rounding after the end of a 1 ms poll came after
#: the test had looked at its target, which it then found still running).
_MARGIN = 1e-9


class Landing:
    """Where a sweep's cut lands in the suspension it cuts (check process only): somewhere inside
    it, `fraction` (in [0, 1)) of the way through the `length` virtual seconds the uncut run spent
    there, or, with `digits`, at the `fraction`-th of the multiples of 10**-digits seconds inside it
    (of a finer grid, down to 10**-9, when it holds none; then anywhere); never within _MARGIN of
    either end. Both kinds, because a test's deadline falls on a short decimal (the tests sleep
    2.5 ms) and a real loop's never does: a call that cleaned up only at times a sweep's cut came
    (full-precision floats) kept its bug for the tests' round deadlines (red-team pass 80). `lag` is
    what the last `when` gave: virtual seconds from the suspension's start to the cut.

    `learned`: `length` is how long the suspension lasted in the last try at this point, which was woken
    before its cut came (see every_suspension): a sleep's own timer, which times the others, is then
    taken only where it ends sooner.

    `guessed`: `length` is not this run's (a trial before the uncut run draws it from the last sweep's,
    or from _GUESSED): where this run cannot time the suspension itself (see `when`), the lag is drawn
    from _LAG_LOW to _LAG_SPREAD times `length`, evenly over its orders of magnitude (`fraction` the
    way through them; with `digits`, on the next multiple of a grid no coarser than the lag). Drawn
    evenly up to `length`, it overshot a wait the call made a thousand times shorter in the one run it
    could tell (a fresh task name): cancelled as it was woken, at the very instant its wait ended, a
    call careful only then kept its leak (red-team pass 94, routes `pNN_fresh_lambda_timer`: a wait
    ended by a timer of its own, which the loop cannot tie to it, P01 +2, P07 +5, P08 +5)."""

    __slots__ = ("length", "fraction", "digits", "guessed", "learned", "lag", "start", "woken")

    def __init__(self, length: float, fraction: float, digits: int | None, guessed: bool = False,
                 learned: bool = False) -> None:
        self.length, self.fraction, self.digits, self.guessed = length, fraction, digits, guessed
        self.learned = learned
        self.lag = 0.0
        # Set by the loop (see _loop._cut) in each run the Landing is used in: the virtual time the
        # suspension it cuts began, and, if the target was woken before the cut came, how long after
        # that it was woken (seconds; else None).
        self.start = 0.0
        self.woken: float | None = None

    def when(self, start: float, length: float | None = None) -> float:
        """The virtual time (seconds) of the cut in a suspension that began at `start`: inside
        (start, start + length), at least _MARGIN from either end (`start` itself, a cut at the
        instant, for a suspension too short for that). `length`: how long this run's suspension
        will last, where the loop knows it (a sleep's own timer), else the Landing's own (a guessed
        one's: see the class)."""
        if length is None:
            if self.guessed:
                return self._spread(start)
            length = self.length
        elif self.learned:
            length = min(length, self.length)
        low, high = start + _MARGIN, start + length - _MARGIN
        if high <= low:
            self.lag = 0.0
            return start
        when = low + self.fraction * (high - low)
        for digits in range(self.digits, _FINEST + 1) if self.digits is not None else ():
            scale = 10**digits
            first, last = math.floor(low * scale), math.ceil(high * scale)
            while first / scale < low:  # (the float products may round either way)
                first += 1
            while last / scale > high:
                last -= 1
            if first <= last:
                when = (first + min(int(self.fraction * (last - first + 1)), last - first)) / scale
                break
        self.lag = when - start
        return when

    def _spread(self, start: float) -> float:
        """The cut's time for a guessed length this run cannot time, `fraction` of the way through the
        orders of magnitude from _LAG_LOW to _LAG_SPREAD times it: see the class."""
        lag = _LAG_LOW * (_LAG_SPREAD * self.length / _LAG_LOW) ** self.fraction
        when = start + lag
        if self.digits is not None:
            digits = max(self.digits, min(math.ceil(-math.log10(lag)), _FINEST))
            scale = 10**digits
            when = math.ceil(when * scale) / scale
            while when < start + lag:  # (the float quotient may round down)
                when += 1 / scale
        self.lag = when - start
        return when


def _landings(ledger: Any, task: asyncio.Task, label: str, turn: int) -> dict[int, Landing]:
    """k -> where a cut trial cancels `task`, the target of the uncut run, in its k-th suspension: a
    Landing drawn from the sweep's `label` (see every_suspension) inside that suspension as the uncut run had it (from its start to the
    target's next suspension, or its end), so the cancellation comes while the target still waits
    there, at a time it cannot tell from a deadline's. A suspension that took no virtual time has
    none: it is cut right after it suspends, the only time there is. `turn`: how many sweeps of the
    same trial the process ran before this one; the k-th suspension's cut lands anywhere in it when
    k + turn is odd, on a short decimal's grid when even, so each point is cut both ways in any two
    sweeps of a trial, and the first sweep's first point anywhere (drawn one in eight, the kinds left
    a call careful only at grid times to luck: P08's sweeps of `p08_test_trial_outcome`, two seeds of
    one point each, cut it only on grids, red-team pass 90)."""
    spans = _spans(ledger, task)
    # The label holds the problem's secret (a digest of its hidden tests' text, which a solution never
    # sees): from the seed alone, a solution computed every fraction a sweep could draw and cleaned up
    # only where the cancellation came at one (red-team pass 79, routes `pNN_sweep_lag_fingerprint`).
    draws = random.Random(f"every_suspension lag {label}")
    landings = [_drawn_place(draws, k, turn) for k in range(1, len(spans) + 1)]
    return {k: Landing(b - a, fraction, digits)
            for k, ((a, b), (fraction, digits)) in enumerate(zip(spans, landings), start=1) if b > a}


def _drawn_place(draws: random.Random, k: int, turn: int) -> tuple[float, int | None]:
    """(fraction, digits) of a Landing in the k-th suspension, drawn from `draws`: on a short
    decimal's grid when k + turn is even, anywhere when odd (see _landings)."""
    return draws.random(), (draws.choice(_GRIDS) if (k + turn) % 2 == 0 else None)


def _spans(ledger: Any, task: asyncio.Task) -> list[tuple[float, float]]:
    """(start, end) in virtual seconds of each suspension of `task`, a sweep's target, in its run: from
    its start to the next one's, or to the task's end (-inf if it has not ended)."""
    times = [when for _, _, when in ledger.sites.get(identity(task), ())]
    end = ledger.finished.get(identity(task))
    return list(zip(times, [*times[1:], end if end is not None else -math.inf]))


def _generators(ledger: Any) -> tuple[tuple | None, dict[int, tuple]]:
    """(the `random` module's generator's state, {identity(generator): its state} for every other
    random generator of the process but the loops' (`ledger.rng`, and earlier runs'): any a
    solution made). Keeps no reference to any generator but those the process's books hold (see
    every_suspension, `note_generators`)."""
    own = vars(random).get("_inst")
    own_state = _getstate(own) if _is_generator_type(type(own)) else None
    return own_state, {identity(obj): _getstate(obj) for obj in _other_generators(ledger, own)}


def _other_generators(ledger: Any, own: Any) -> list:
    """The random generators of the process, but the loops' and `own`: those `note_generators`
    kept at the start of a check (a check freezes what is alive then out of gc's view: see
    _runner._check_in_process), then those gc sees (made since), each once."""
    found = {identity(obj): obj for obj in ledger.generators if obj is not own}
    found.update((identity(obj), obj) for obj in _unfrozen_generators(type(ledger.loop), ledger.rng, own))
    return list(found.values())


def note_generators(kept: list, loop_kind: type) -> None:
    """Add to `kept` (the process's books: `_guard.Guard.generators`) each random generator gc
    sees that it lacks, but the random module's and the loops' (of class `loop_kind`): a
    solution's, alive when a check begins. A check freezes what is alive then out of gc's view,
    so a sweep's scan sees only what the check made: a solution's own `random.Random(seed)`,
    made before, was not replayed, and a correct P07 worker pausing for its draws went another
    way in the cut trials than left alone (5 points lost)."""
    have = set(map(identity, kept))
    kept.extend(obj for obj in _unfrozen_generators(loop_kind, None, vars(random).get("_inst"))
                if identity(obj) not in have)


def _unfrozen_generators(loop_kind: type, rng: Any, own: Any, _referrers=gc.get_referrers) -> list:
    """The random generators gc sees, but `rng`, `own`, and those of the loops of class
    `loop_kind` (earlier runs' loops, garbage gc has not collected yet: a loop is in cycles with
    its tasks)."""
    kinds = _generator_kinds()
    # An object of a class defined in Python refers to its class (gc traverses the link), so the
    # objects that refer to the generator classes or to the loop's are found in C, in one pass
    # over what gc sees: this scan runs at every sweep, and reading every object's type in Python
    # took ~9% of P01's and P02's check processes' CPU. Types are compared by identity: hashing one
    # would run its metaclass's `__hash__`, a solution's code. (A `_random.Random` made directly is
    # not one gc tracks, nor found: none of a solution's draws the checks could replay.)
    generator_kinds = set(map(identity, kinds))
    loops, generators = [], []
    for obj in _referrers(loop_kind, *kinds):  # (bound at import: see problem_process's _STANDARD)
        kind = type(obj)
        if kind is loop_kind:
            loops.append(obj)
        elif identity(kind) in generator_kinds:
            generators.append(obj)
    # (A loop of exactly the checks' class: its `__dict__` is the plain one, no code of a solution's.)
    harness = {identity(vars(loop).get("_rng")) for loop in loops}
    found = [obj for obj in generators if obj is not rng and obj is not own and identity(obj) not in harness]
    del loops, generators
    return found


_subclasses = type.__dict__["__subclasses__"]  # (type's own: a solution's metaclass may define another)


def _generator_kinds() -> list[type]:
    """`_random.Random` and every class alive that derives from it, each once, but
    `random.SystemRandom` and its subclasses: their draws come from the operating system, not
    from a state a sweep could set back (the checks' own `secrets` module holds one)."""
    kinds, seen, todo = [], {identity(random.SystemRandom)}, [_random.Random]
    while todo:
        kind = todo.pop()
        if identity(kind) not in seen:
            seen.add(identity(kind))
            kinds.append(kind)
            todo.extend(_subclasses(kind))
    return kinds


def _replay(ledger: Any, start: tuple, unseeded: int, own_state: tuple | None, drawn: dict[int, tuple]) -> None:
    """Set the loop's generator, and every other one a sweep found at its start, back to the
    state they had then, and the run's count of unseeded seeds (see _entropy) back to `unseeded`:
    the next trial runs on the schedule, and draws, of the uncut one (a generator a solution makes
    during a trial without a seed draws what it drew there). The random module's generator is
    looked up again (the guard keeps that name as it was); the others, a solution's, found again by
    identity (only when there are any: a scan of gc; one a solution makes during a sweep with a
    seed of its own draws from that seed)."""
    _setstate(ledger.rng, start)
    ledger.unseeded = unseeded
    own = vars(random).get("_inst")
    if own_state is not None and _is_generator_type(type(own)):
        _setstate(own, own_state)
    if drawn:
        for generator in _other_generators(ledger, own):
            state = drawn.get(identity(generator))
            if state is not None:
                _setstate(generator, state)


def _other_way(ledger: Any, uncut: tuple, trial: tuple, first: bool = False) -> tuple[str, str] | None:
    """None if the target of a cut trial, run on the uncut trial's schedule (check process
    only), reached the cut's point by the way the uncut run did: the k-th suspension came, and
    lasted until the cut landed (it fired), at the same line of the same code at every level
    (`_loop.suspended_at`), after the same events of its own (the kinds, in order: took a lock,
    read, wrote, ...); else what InvariantBroken says of it (what was checked, what was seen).
    `uncut` and `trial` are (Cut, index of the run's first event); `first`: the trial was the
    sweep's first, before the uncut run."""
    (base, base_origin), (cut, origin) = uncut, trial
    k = cut.k
    said = ("a task cancelled at any of its suspension points leaves everything as the contract says (the "
            "checks cancel it at each point its uncancelled run reached, on the same schedule)")
    same = (f"a call must do the same in each run, up to where it is cancelled (tried {_TRIES} times, a little later "
            "each time; not depend on earlier runs, its task's name or the names of what it is handed)")
    if first:
        same = ("a call must do the same in each run, up to where it is cancelled (that run was the sweep's "
                "first, before the one that left it alone; not depend on earlier runs, what it drew in them, its "
                "task's name or the names of what it is handed)")
    counted = base.suspensions if base._spared_at is None else base._spared_at
    if not cut._reached():
        return (said, f"left alone it suspended {counted} time(s), but in the run that was to cancel it right after "
                      f"its {_ordinal(k)} suspension, on the same schedule, it suspended only {cut.suspensions} "
                      f"time(s), so that point could not be tried: {same}")
    if not cut.fired:
        return (said, f"in the run that was to cancel it {cut.lag * 1000:.3g} ms into its {_ordinal(k)} suspension "
                      f"(which lasted longer left alone), on the same schedule, it had ended before then, so that "
                      f"point could not be tried: {same}")
    then, there = ledger.sites.get(identity(base.task), ()), ledger.sites.get(identity(cut.task), ())
    if len(then) < k or len(there) < k:
        return None  # (a point counted through a task it awaits that was made before: no site of its own)
    (way, seen, _), (way_now, seen_now, _) = then[k - 1], there[k - 1]
    if way != way_now:
        at = next((i for i, (a, b) in enumerate(zip(way, way_now)) if a != b), min(len(way), len(way_now)))
        return (said, f"left alone, its {_ordinal(k)} suspension was at {_where(way, at)}; in the run that "
                      f"cancelled it there, on the same schedule, it was at {_where(way_now, at)} instead: {same}")
    did = _own_events(ledger, base.task, base_origin, seen)
    did_now = _own_events(ledger, cut.task, origin, seen_now)
    if did != did_now:
        return (said, f"left alone, it did {_listed(did)} before its {_ordinal(k)} suspension; in the run that "
                      f"cancelled it there, on the same schedule, it did {_listed(did_now)}: {same}")
    if first:
        other_time = _other_time(ledger, base, cut, then, there)
        if other_time is not None:
            return (said, f"{other_time}: {same}")
    return None


def _other_time(ledger: Any, base: Cut, cut: Cut, then: list, there: list) -> str | None:
    """None if the target of a sweep's first trial (before the uncut run, on its schedule) waited in each of its
    suspensions up to its cut as long as the uncut run did, and was still waiting in the k-th when its cut landed
    (or was woken there when the uncut run was: see Landing.woken); else what it did otherwise. `then` and
    `there`: the uncut run's and the trial's suspension sites (`ledger.sites`). A call that, in the one run it
    could tell (the first of its task's name in the loop), made a wait a thousand times shorter, was woken before
    the cut landed and cancelled as it was, at an instant it was careful at: it kept its leak for a deadline inside
    that wait, the cut landing under it one draw in three (red-team pass 94, route `p08_fresh_lambda_timer`, open
    until 2026-12-08). Left alone and cut, both runs start where their times round alike (see _trial_start): an
    honest target's waits last to the same float."""
    k = cut.k
    for i in range(1, k):
        left_alone, in_trial = then[i][2] - then[i - 1][2], there[i][2] - there[i - 1][2]
        if not _same_length(left_alone, in_trial):
            return (f"left alone, its {_ordinal(i)} suspension lasted {left_alone * 1000:.6g} ms; in the run that was "
                    f"to cancel it in its {_ordinal(k)}, on the same schedule, {in_trial * 1000:.6g} ms")
    landing = cut.landing
    end = then[k][2] if len(then) > k else ledger.finished.get(identity(base.task))
    if landing is None or end is None:
        return None
    left_alone = end - then[k - 1][2]
    if landing.woken is not None and not _same_length(left_alone, landing.woken):
        return (f"left alone, its {_ordinal(k)} suspension lasted {left_alone * 1000:.6g} ms; in the run that was to "
                f"cancel it {landing.lag * 1000:.3g} ms into it, on the same schedule, it was woken after "
                f"{landing.woken * 1000:.6g} ms")
    if landing.woken is None and left_alone < landing.lag and not _same_length(left_alone, landing.lag):
        return (f"left alone, its {_ordinal(k)} suspension lasted {left_alone * 1000:.6g} ms; in the run that "
                f"cancelled it {landing.lag * 1000:.3g} ms into it, on the same schedule, it still waited then")
    return None


def _same_length(a: float, b: float) -> bool:
    """Whether two waits' lengths (virtual seconds) are the same but for float rounding."""
    return abs(a - b) <= 1e-12 + 1e-9 * max(abs(a), abs(b))


def _own_events(ledger: Any, task: asyncio.Task, start: int, end: int) -> list[str]:
    """The kinds of the events in `ledger.events[start:end]` that `task` made, itself or through a
    task it awaited (filed under its name, which the test gave it for this run)."""
    name = filed_name(ledger, task)
    return [event[4] for event in ledger.events[start:end] if event[2] == name or name in event[8]]


def _listed(kinds: list[str]) -> str:
    return "nothing the checks trace" if not kinds else ", ".join(kinds)


def _where(way: tuple, at: int) -> str:
    """'line N of f' for the `at`-th (code, line) pair of `_loop.suspended_at` (outermost first)."""
    if at >= len(way):
        return "no deeper frame" if at else "no frame of its own"
    code, line = way[at]
    return f"line {line} of {code.co_name}" + (f" (in {way[at - 1][0].co_name})" if at else "")


def _never_cancelled_itself(cut: Cut) -> None:
    """Raise InvariantBroken if the target of a trial ended cancelled though neither its cut nor
    the test cancelled it (in a check process: the run's ledger says who asked; elsewhere, no
    check). Such a target cancelled itself (or raised CancelledError) to end early: a trial that
    checks only what a cancelled target leaves behind passed for nothing (red-team pass 74: a
    call that cancelled itself at once in each trial after the first, before the code with the bug)."""
    task = cut.task
    if cut.fired or not asyncio.Future.done(task) or not asyncio.Future.cancelled(task):
        return
    ledger = find_ledger(_getframe())
    if ledger is None or identity(task) in ledger.test_cancels or identity(task) in ledger.fired:
        return
    when = ("in the run that left it alone" if not cut.k else
            f"in the run that was to cancel it right after its {_ordinal(cut.k)} suspension")
    raise InvariantBroken(
        "a task cancelled at any of its suspension points leaves everything as the contract says (the checks "
        "cancel it at each point, after a run that leaves it alone)",
        f"{when}, it ended cancelled before that point though nothing cancelled it: a call must not cancel "
        "itself (or raise CancelledError) to end early")


def woken(task: asyncio.Task) -> bool:
    """Whether `task` has been woken and has not run since: the future it awaits is done
    (a permit, an item or a notify() was handed to it), its next step not yet taken."""
    if _done(task):
        return False
    waiter = getattr(task, "_fut_waiter", None)
    return waiter is not None and _done(waiter)


def _done(future: asyncio.Future, _base_done=asyncio.Future.done) -> bool:
    """Whether `future` is done, asked of asyncio.Future's own method: a future of a class of
    the solution's could answer `done()` as it likes (that the woken waiter is still waiting,
    the one behind it woken). Raises TypeError for an object that is no asyncio.Future."""
    return _base_done(future)


class Arming:
    """What `cancel_when_woken` armed, and what came of it. True if it armed a task (one was
    waiting). `woken`: the tasks found woken, in that order, at most `count`; `cancelled`: those
    of them it cancelled (one that had ended in the step that woke it was not). The test's own
    record: no object a solution holds leads to it in a check process (the loop keeps it)."""

    __slots__ = ("count", "armed", "woken", "cancelled")

    def __init__(self, count: int) -> None:
        self.count = count
        self.armed: list = []
        self.woken: list = []
        self.cancelled: list = []

    def __bool__(self) -> bool:
        return bool(self.armed)

    def fired(self) -> bool:
        """Whether as many of its tasks were woken (and so cancelled, or ended just before) as it
        was to cancel: `count`, or every task armed if fewer. False: the trial did not happen."""
        return len(self.woken) >= min(self.count, len(self.armed)) > 0


def cancel_when_woken(task: asyncio.Task, *others: asyncio.Task, count: int = 1) -> Arming:
    """Cancel `task` as soon as it is woken; with `others`, cancel whichever of `task` and
    `others` is woken first, and only it (two checkouts wait, a slot comes back: the one it goes
    to is cancelled, whenever and however the solution hands it over); with `count`, the first
    `count` of them woken.

    Woken: the future the task awaits now is done, whatever completed it (a result, an
    exception, the future cancelled: a solution may hand a turn over by any of them), or its
    sleep ended. In a check process the loop cancels it right after the step that woke it,
    before it runs again; in a kernel its own wake-up and this cancellation become ready
    together, and the seed decides whether it is cancelled before it runs again (woken, not yet
    running: the moment a hand-over can be lost) or just after. Already woken: cancelled now.
    Returns the `Arming` (false if none of the tasks is waiting on a future: nothing armed);
    its `fired()` says whether the cancellation came, which a trial requires.
    """
    ledger = find_ledger(_getframe())
    arming = Arming(count)
    for one in (task, *others):
        if _done(one):
            continue
        waiter = getattr(one, "_fut_waiter", None)
        if waiter is None:
            continue
        arming.armed.append(one)
        if _done(waiter):
            cancel_if_first_woken(one, arming, waiter)
        elif ledger is not None:
            # In a check process the loop cancels it, after the step that completes the future: a
            # callback added to the future is one a solution that reaches it could remove.
            ledger.cancel_when_done.append((one, waiter, arming))
        else:
            waiter.add_done_callback(functools.partial(cancel_if_first_woken, one, arming))
    return arming


def cancel_if_first_woken(task: asyncio.Task, arming: Arming, waiter: asyncio.Future) -> None:
    """`waiter`, the future `task` awaited, is done, however (a result, an exception, cancelled:
    `task` is woken either way): if fewer than `arming.count` of its tasks were woken before,
    `task` is one, noted in `arming` and cancelled now (unless it ran to its end already).
    Called by the future's done callback in a kernel, and by the loop after the step that
    completed it in a check process (`_loop._after`). asyncio's own methods, called unbound: a
    task or future a solution made may override them."""
    if len(arming.woken) < arming.count:
        arming.woken.append(task)
        if not asyncio.Future.done(task):
            asyncio.Task.cancel(task)
            arming.cancelled.append(task)
            ledger = find_ledger(_getframe())
            if ledger is not None:  # the tests' request (see every_suspension)
                ledger.test_cancels[identity(task)] = task


def notified_by_condition(task: asyncio.Task) -> asyncio.Condition | None:
    """The asyncio.Condition whose notify() woke `task`, if `task` waits in its wait() and
    has not run since; else None. Call it before cancelling `task`."""
    if task.done():
        return None
    outermost = None  # a traced condition: the one the scenario made, not the one it stands for
    for frame in _frames(task):
        owner = frame.f_locals.get("self")
        if outermost is None and isinstance(owner, asyncio.Condition):
            outermost = owner
        if frame.f_code is _CONDITION_WAIT:
            future = frame.f_locals.get("fut")
            if (isinstance(future, asyncio.Future) and future.done() and not future.cancelled()
                    and isinstance(owner, asyncio.Condition)):
                return outermost
    return None


async def pass_wakeup_on(condition: asyncio.Condition, timeout: float = 0.1) -> bool:
    """Notify the next waiter of `condition`, as Python 3.13's Condition.wait() does when a
    notified waiter is cancelled. False if the condition's lock could not be taken within
    `timeout` (virtual) seconds."""
    try:
        async with asyncio.timeout(timeout):
            await condition.acquire()
    except TimeoutError:
        return False
    try:
        condition.notify()
    finally:
        condition.release()
    return True


def lost_wakeup_note(cancelled: str, sleeper: str) -> str:
    """Why `sleeper` slept on after `cancelled` was cancelled, when asyncio.Condition lost the
    wake-up (see the module docstring): the feedback for a failure only 3.11 and 3.12 show."""
    return (f"on this Python ({_python_version()}), asyncio.Condition loses a wake-up when a "
            f"waiter is cancelled: notify() woke {cancelled}, which was cancelled before it could go on, and "
            f"the wake-up was lost with it, so {sleeper} slept on; when the test passed the wake-up on to the "
            f"next waiter, as Python 3.13's Condition does (CPython gh-112202), {sleeper} went on. Your code "
            "relies on the fix in 3.13: on this Python, notify() again when a waiter is cancelled (catch "
            "CancelledError around the wait), or wake every waiter with notify_all()")



def waiting_on_condition(task: asyncio.Task) -> asyncio.Condition | None:
    """The asyncio.Condition in whose wait() `task` sleeps (not yet notified), or None."""
    if task.done():
        return None
    for frame in _frames(task):
        if frame.f_code is _CONDITION_WAIT:
            future = frame.f_locals.get("fut")
            condition = frame.f_locals.get("self")
            if isinstance(future, asyncio.Future) and not future.done() and isinstance(condition, asyncio.Condition):
                return condition
    return None


async def wakeup_lost_by_condition(sleeper: asyncio.Task, settle: float = 0.01) -> bool:
    """Whether `sleeper`, stuck after another waiter was cancelled, sleeps only for want of the
    wake-up Python 3.11 and 3.12's asyncio.Condition loses (gh-112202).

    On those Pythons, if `sleeper` waits in a Condition's wait(), pass a wake-up on to that
    condition's next waiter as 3.13 does (`pass_wakeup_on`) and give it `settle` virtual
    seconds: True if `sleeper` then went on (it finished, or no longer waits there). Always
    False on 3.13, whose Condition passes the wake-up on itself."""
    if not CONDITION_LOSES_WAKEUPS:
        return False
    condition = waiting_on_condition(sleeper)
    if condition is None or not await pass_wakeup_on(condition):
        return False
    await asyncio.sleep(settle)
    return sleeper.done() or waiting_on_condition(sleeper) is not condition
