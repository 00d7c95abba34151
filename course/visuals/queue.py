"""P06 experiment: the queue's `maxsize` against producer waiting (backpressure).

`queue_experiment(producer, consumer)` runs the student's pipeline on
virtual time: `consumers` tasks run `consumer(queue, results)`, the
`producer(queue, items)` task fills a queue of `maxsize`, the scenario
awaits the producer and `queue.join()`, then cancels the consumers (the
demo's protocol). It shows the queue's backlog over time against `maxsize`,
how long the producer spent blocked in `put()` for every `maxsize` from 0
(unbounded) to 10, and the timeline: the producer blocked on a full queue,
consumers waiting on an empty one.
"""

from __future__ import annotations

import asyncio

import ipywidgets as widgets

from .charts import Series, chart
from .experiment import Experiment, Outcome, raise_failure, require_coroutine_function
from .recording import Recording, record

MAXSIZES = list(range(0, 11))


def run_pipeline(producer, consumer, maxsize: int, consumers: int, items: int) -> Recording:
    """One run of the pipeline; the result is a dict of figures."""

    async def bounded_pipeline(sim):
        """producer and consumer move every item through a bounded queue (the P06 experiment)"""
        queue = sim.queue(maxsize, "queue")
        results = [[] for _ in range(consumers)]
        workers = [sim.spawn(consumer(queue, r), name=f"consumer-{i}") for i, r in enumerate(results)]
        feeder = sim.spawn(producer(queue, items), name="producer")
        await feeder
        produced_by = sim.now()
        await queue.join()
        finished = sim.now()
        for worker in workers:
            worker.cancel()
        await asyncio.gather(*workers, return_exceptions=True)
        blocked = _blocked_time(sim.trace, "producer")
        return {"produced_by": produced_by, "finished": finished, "peak": sim.trace.peak("queue"),
                "producer_blocked": blocked, "put_waits": sim.trace.count("queue", "wait-put", "producer"),
                "processed": sorted(x for r in results for x in r), "backlog": _backlog(sim.trace)}

    return record(bounded_pipeline, max_time=600.0)


def _blocked_time(trace, task: str) -> float:
    """Seconds `task` spent waiting in put() on a full queue."""
    total, since = 0.0, None
    for e in trace.select("queue", task=task):
        if e.kind == "wait-put":
            since = e.time
        elif e.kind == "put" and since is not None:
            total += e.time - since
            since = None
    return total


def _backlog(trace) -> list[tuple[float, int]]:
    """(time, items in the queue) after every put and get (the last level at each instant)."""
    levels: dict[float, int] = {}
    for e in trace.select("queue"):
        if e.kind in ("put", "get"):
            levels[e.time] = e.level
    return list(levels.items())


def queue_experiment(producer, consumer, *, maxsize: int = 3, consumers: int = 1, items: int = 20) -> Experiment:
    """Knobs: the queue's `maxsize` (0 = unbounded) and the number of `consumers`."""
    cache: dict[tuple[int, int], dict] = {}
    recordings: dict[tuple[int, int], Recording] = {}

    def measure(maxsize: int, consumers: int) -> Outcome:
        require_coroutine_function(producer, "producer")
        require_coroutine_function(consumer, "consumer")
        for size in sorted(set(MAXSIZES) | {maxsize}):
            if (size, consumers) not in cache:
                rec = raise_failure(run_pipeline(producer, consumer, size, consumers, items))
                cache[(size, consumers)], recordings[(size, consumers)] = rec.result, rec
        got = cache[(maxsize, consumers)]
        bound = f"maxsize {maxsize}" if maxsize else "maxsize 0 (unbounded)"
        lines = [
            f"{items} items, {consumers} consumer(s) taking 5 ms each, {bound}: the producer was done at "
            f"t={got['produced_by'] * 1000:.0f} ms and spent {got['producer_blocked'] * 1000:.0f} ms blocked "
            f"in put() ({got['put_waits']} time(s) the queue was full); everything was processed at "
            f"t={got['finished'] * 1000:.0f} ms.",
            f"Largest backlog: {got['peak']} item(s)" + (f" (never above maxsize {maxsize})." if maxsize else
                                                           " (unbounded: the producer never waits, memory does)."),
        ]
        if got["processed"] != list(range(items)):
            lines.append(f"Processed items: {got['processed']!r}: not each of 0..{items - 1} exactly once!")
        sizes = MAXSIZES
        end = got["finished"] * 1000
        backlog = [(0.0, 0)] + [(t * 1000, n) for t, n in got["backlog"]] + [(end, 0)]
        series = [Series("items in the queue", backlog, step=True, color="#9a6700")]
        if maxsize:
            series.append(Series("maxsize", [(0.0, maxsize), (end, maxsize)], color="#cf222e", dashed=True))
        charts = [
            chart(series, title="Backlog over time", x_label="virtual time (ms)", y_label="items"),
            chart([Series("producer blocked in put() (ms)",
                          [(s, cache[(s, consumers)]["producer_blocked"] * 1000) for s in sizes],
                          color="#cf222e", markers=True),
                   Series("largest backlog (items)", [(s, cache[(s, consumers)]["peak"]) for s in sizes],
                          color="#9a6700", markers=True)],
                  title="Backpressure vs maxsize (0 = unbounded)", x_label="maxsize", y_label="ms (red), items (brown)",
                  highlight_x=maxsize),
        ]
        figures = dict(got, blocked_by_maxsize={s: cache[(s, consumers)]["producer_blocked"] for s in sizes},
                       peak_by_maxsize={s: cache[(s, consumers)]["peak"] for s in sizes})
        return Outcome(figures, lines, charts, recordings[(maxsize, consumers)], {"queue": "queue"},
                       f"{bound}, {consumers} consumer(s): the producer blocked on a full queue, "
                       "consumers waiting on an empty one")

    knobs = {
        "maxsize": widgets.IntSlider(value=maxsize, min=0, max=10, description="maxsize", continuous_update=False),
        "consumers": widgets.IntSlider(value=consumers, min=1, max=4, description="consumers",
                                       continuous_update=False),
    }
    return Experiment("P06 · queue maxsize vs producer waiting", knobs, measure,
                      intro="A small maxsize keeps the backlog small by making the producer wait; "
                            "maxsize 0 means unbounded: it never waits, and the backlog grows.")
