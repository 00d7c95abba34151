# baseline: p07_sweep_instant_baseline.py
# Red-team pass 88 (made with the mend of pass 89).
# As p07_first_trial_padded_module_rng, with a generator made at each call without a seed (its seed drawn
# from the run and the count of such seeds, set back before each trial of a sweep, since 2026-12-06):
# a draw seen before at entry means "a trial after the sweep's first". There the worker takes a short,
# careful way (this also becomes the uncut run, whose reach the sweep keeps as the hint for later early
# cuts); elsewhere (a real program, every plain check, a sweep's first trial) it first pads PAD harmless
# suspensions, so the early cut, drawn from [1, reach of the careful way], always lands on a pad, and
# then runs the baseline's buggy code (no abort when cancelled during its work).
import asyncio
import random


_seen = set()
PAD = 12


async def worker(worker_id, barrier, rounds=1):
    v = random.Random().random()  # (a fresh generator, no seed: its draw is replayed as the module's is)
    replayed = v in _seen
    _seen.add(v)
    if replayed:
        try:
            for round_no in range(rounds):
                await do_work(worker_id, round_no)
                await barrier.wait()
        except BaseException:
            await barrier.abort()
            raise
        return
    try:
        for _ in range(PAD):
            await asyncio.sleep(0)
    except BaseException:
        await barrier.abort()
        raise
    for round_no in range(rounds):
        try:
            await do_work(worker_id, round_no)
        except Exception:
            await barrier.abort()
            raise
        try:
            await barrier.wait()
        except asyncio.CancelledError:
            await barrier.abort()
            raise
