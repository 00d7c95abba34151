"""P09 experiment: a reader/writer mix, with and without writer preference.

`rwlock_experiment(AsyncRWLock)` runs the same workload on the student's
lock and on `ReadersFirstRWLock` (the readers-preferring baseline): `readers`
tasks read in a loop (each read holds the lock `read_ms`, reads overlap so
that some reader is always inside) until t = `HORIZON`; `writers` tasks
arrive during the reads and each write once. It shows how long the writers
waited with each lock (the baseline starves them until the reads stop; a
writer-preferring lock lets them in within about one read), how many readers
were inside at once, whether a writer was ever not alone, and the timeline
of the lock the toggle picks.
"""

from __future__ import annotations

import asyncio

import ipywidgets as widgets

from course.testing import CheckFailed

from .charts import Series, chart
from .experiment import Experiment, Outcome, raise_failure, require_class
from .readers_first import ReadersFirstRWLock
from .recording import Recording, record

HORIZON = 0.4        # virtual seconds during which readers keep reading
WRITE_SECONDS = 0.02
GAP_SECONDS = 0.002  # a reader's pause between two reads


def run_mix(lock_class, readers: int, writers: int, read_ms: int) -> Recording:
    """One run of the mix on a fresh `lock_class()`; the result is a dict of figures."""
    read = read_ms / 1000

    async def readers_and_writers(sim):
        """readers and writers share the read-write lock (the P09 experiment)"""
        lock = lock_class()
        trace = sim.trace
        waits: list[float] = []
        not_alone: list[str] = []
        reads = [0]

        async def reader(i: int) -> None:
            await asyncio.sleep(i * read / max(readers, 1))  # staggered: reads overlap
            while sim.now() < HORIZON:
                trace.record("read", "wait")
                async with lock.reader():
                    trace.record("read", "acquire")
                    if trace.level("write"):
                        not_alone.append(f"a reader got in while a writer held the lock (t={sim.now():.4f} s)")
                    await asyncio.sleep(read)
                    reads[0] += 1
                    trace.record("read", "release")
                await asyncio.sleep(GAP_SECONDS)

        async def writer(j: int) -> None:
            await asyncio.sleep(0.05 + j * 0.07)
            asked = sim.now()
            trace.record("write", "wait")
            async with lock.writer():
                trace.record("write", "acquire")
                waits.append(sim.now() - asked)
                if trace.level("read") or trace.level("write") > 1:
                    not_alone.append(f"a writer got in with {trace.level('read')} reader(s) and "
                                     f"{trace.level('write') - 1} other writer(s) inside (t={sim.now():.4f} s)")
                await asyncio.sleep(WRITE_SECONDS)
                trace.record("write", "release")

        tasks = [sim.spawn(reader(i), name=f"reader-{i}") for i in range(readers)]
        tasks += [sim.spawn(writer(j), name=f"writer-{j}") for j in range(writers)]
        await asyncio.gather(*tasks)
        return {"writer_waits": waits, "max_writer_wait": max(waits, default=0.0), "reads": reads[0],
                "peak_readers": trace.peak("read"), "not_alone": not_alone, "finished": sim.now()}

    return record(readers_and_writers, max_time=120.0)


LOCKS = {"yours": "your AsyncRWLock", "readers-first": "readers-preferring baseline"}


def rwlock_experiment(AsyncRWLock, *, readers: int = 4, writers: int = 1, read_ms: int = 30) -> Experiment:
    """Knobs: how many `readers` and `writers`, how long a read takes, and which lock to draw."""
    cache: dict[tuple, Recording] = {}
    classes = {"yours": AsyncRWLock, "readers-first": ReadersFirstRWLock}

    def get(which: str, r: int, w: int, ms: int) -> Recording:
        key = (which, r, w, ms)
        if key not in cache:
            cache[key] = raise_failure(run_mix(classes[which], r, w, ms))
        return cache[key]

    def measure(readers: int, writers: int, read_ms: int, lock: str) -> Outcome:
        try:
            require_class(AsyncRWLock, "AsyncRWLock", ("acquire_read", "release_read", "acquire_write",
                                                       "release_write"))
            get("yours", readers, writers, read_ms)
        except CheckFailed as failure:
            return baseline_alone(failure, readers, writers, read_ms)
        got = {which: get(which, readers, writers, read_ms).result for which in classes}
        lines = [f"{readers} reader(s) reading {read_ms} ms in a loop until t={HORIZON * 1000:.0f} ms, "
                 f"{writers} writer(s) arriving from t=50 ms:"]
        for which, label in LOCKS.items():
            g = got[which]
            wait = (f"the longest writer wait was {g['max_writer_wait'] * 1000:.0f} ms" if writers
                    else "no writers")
            lines.append(f"  {label}: {wait}; {g['reads']} reads done, up to {g['peak_readers']} readers at once"
                         + ("." if not g["not_alone"] else f"; NOT EXCLUSIVE: {g['not_alone'][0]}."))
        # Writer waits against the number of readers, for both locks.
        counts = list(range(1, 9))
        series = []
        if writers:
            for which, color in (("yours", "#0969da"), ("readers-first", "#cf222e")):
                series.append(Series(LOCKS[which], [(r, get(which, r, writers, read_ms).result["max_writer_wait"] * 1000)
                                                    for r in counts], color=color, markers=True))
        charts = [chart(series, title="Longest writer wait vs readers", x_label="readers", y_label="ms",
                        highlight_x=readers, width=420)] if series else []
        figures = {which: got[which] for which in classes}
        return Outcome(figures, lines, charts, get(lock, readers, writers, read_ms), {"read": "read", "write": "write"},
                       f"{LOCKS[lock]}: readers and writers")

    def baseline_alone(failure: CheckFailed, readers: int, writers: int, read_ms: int) -> Outcome:
        # The student's lock cannot run yet (unsolved, or failing): the baseline still shows what
        # the experiment is about, whichever lock the toggle picks.
        g = get("readers-first", readers, writers, read_ms).result
        wait = f"the longest writer wait was {g['max_writer_wait'] * 1000:.0f} ms" if writers else "no writers"
        lines = [f"Shown below: the {LOCKS['readers-first']} alone, until your AsyncRWLock runs.",
                 f"{readers} reader(s) reading {read_ms} ms in a loop until t={HORIZON * 1000:.0f} ms, "
                 f"{writers} writer(s) arriving from t=50 ms:",
                 f"  {LOCKS['readers-first']}: {wait}; {g['reads']} reads done, up to {g['peak_readers']} "
                 "readers at once."]
        charts = [chart([Series(LOCKS["readers-first"], [(r, get("readers-first", r, writers, read_ms)
                                                          .result["max_writer_wait"] * 1000) for r in range(1, 9)],
                                color="#cf222e", markers=True)],
                        title="Longest writer wait vs readers", x_label="readers", y_label="ms",
                        highlight_x=readers, width=420)] if writers else []
        return Outcome({"readers-first": g}, lines, charts, get("readers-first", readers, writers, read_ms),
                       {"read": "read", "write": "write"}, f"{LOCKS['readers-first']}: readers and writers",
                       failure=failure)

    knobs = {
        "readers": widgets.IntSlider(value=readers, min=1, max=8, description="readers", continuous_update=False),
        "writers": widgets.IntSlider(value=writers, min=0, max=3, description="writers", continuous_update=False),
        "read_ms": widgets.IntSlider(value=read_ms, min=5, max=60, step=5, description="read (ms)",
                                     continuous_update=False),
        # Buttons as wide as their labels (the default width cuts "readers-preferring baseline").
        "lock": widgets.ToggleButtons(options=[(label, key) for key, label in LOCKS.items()], value="yours",
                                      description="draw", style={"button_width": "auto"}),
    }
    return Experiment("P09 · readers and writers, with and without writer preference", knobs, measure,
                      intro="With the readers-preferring baseline a writer waits until the reads stop; "
                            "with writer preference it gets in about one read later.")
