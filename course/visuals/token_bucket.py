"""P05 experiment: a token bucket's rate and burst against admitted requests over time.

`token_bucket_experiment(TokenBucket)` builds `TokenBucket(rate, max_tokens)`
and sends it two waves of requests on virtual time: `first_wave` requests at
t=0, then, after an idle period long enough for a correct bucket to refill,
`second_wave` more. The chart shows admitted requests over time against the
bound `max_tokens + rate x t`: a correct bucket lets a burst of `max_tokens`
through at once, then one request every 1/rate seconds, and after the idle
period a burst of `max_tokens` again, never more. The timeline shows each
request waiting for its token.
"""

from __future__ import annotations

import asyncio

import ipywidgets as widgets

from .charts import Series, chart
from .experiment import Experiment, Outcome, raise_failure, require_class
from .recording import Recording, record

EPSILON = 1e-6


def run_waves(TokenBucket, rate: float, max_tokens: int, first_wave: int, second_wave: int) -> Recording:
    """Two waves of requests through one bucket; the result is (asked, admitted) time lists."""
    idle_until = (first_wave + 1) / rate  # a correct bucket has emptied and refilled by then

    async def two_waves_of_requests(sim):
        """TokenBucket admits two waves of requests (the P05 experiment)"""
        bucket = TokenBucket(rate, max_tokens)
        asked, admitted = [], []

        async def request(delay):
            await asyncio.sleep(delay)
            asked.append(sim.now())
            sim.trace.record("bucket", "wait")
            await bucket.acquire()
            sim.trace.record("bucket", "passed")
            admitted.append(sim.now())

        delays = [0.0] * first_wave + [idle_until] * second_wave
        await asyncio.gather(*(sim.spawn(request(d), name=f"request-{i}") for i, d in enumerate(delays)))
        return asked, admitted, idle_until

    return record(two_waves_of_requests, max_time=3600.0)


def most_in_a_window(times: list[float], rate: float, max_tokens: int) -> tuple[int, float, float]:
    """The worst excess over `max_tokens + rate * w` in any window: (count, window, allowed)."""
    times = sorted(times)
    worst = (0, 0.0, float(max_tokens))
    excess = float("-inf")
    for i, first in enumerate(times):
        for j in range(i, len(times)):
            w = times[j] - first
            allowed = max_tokens + rate * w
            if j - i + 1 - allowed > excess:
                excess, worst = j - i + 1 - allowed, (j - i + 1, w, allowed)
    return worst


def token_bucket_experiment(TokenBucket, *, rate: float = 10, max_tokens: int = 3,
                            first_wave: int = 12, second_wave: int = 6) -> Experiment:
    """Knobs: `rate` (tokens per second) and `max_tokens` (the burst)."""

    def measure(rate: float, max_tokens: int) -> Outcome:
        require_class(TokenBucket, "TokenBucket", ("acquire",))
        rec = raise_failure(run_waves(TokenBucket, rate, max_tokens, first_wave, second_wave))
        asked, admitted, idle_until = rec.result
        admitted = sorted(admitted)
        burst1 = sum(1 for t in admitted if t <= EPSILON)
        burst2 = sum(1 for t in admitted if abs(t - idle_until) <= EPSILON)
        first_done = max((t for t in admitted if t < idle_until - EPSILON), default=0.0)
        count, window, allowed = most_in_a_window(admitted, rate, max_tokens)
        within = count <= allowed + EPSILON
        lines = [
            f"rate {rate:g}/s, max_tokens {max_tokens}: of {first_wave} requests at t=0, {burst1} passed at once "
            f"(max_tokens = {max_tokens}); the last of them passed at t={first_done:.3f} s (refilling at "
            f"{rate:g}/s, the rest need ({first_wave} - {max_tokens}) / {rate:g} = "
            f"{max(first_wave - max_tokens, 0) / rate:.3f} s, one every {1000 / rate:.0f} ms).",
            f"After idling until t={idle_until:.3f} s, {burst2} of {second_wave} passed at once "
            f"(a full bucket: max_tokens, never more).",
            (f"In every window of w seconds at most max_tokens + rate x w passed: "
             + ("yes." if within else f"NO: {count} passed within {window:.3f} s, where {allowed:.2f} are allowed.")),
        ]
        ends = max(admitted + [idle_until]) * 1.05 + 1 / rate
        points = [(0.0, 0)] + [(t, i + 1) for i, t in enumerate(admitted)] + [(ends, len(admitted))]
        asked_points = [(0.0, 0)] + [(t, i + 1) for i, t in enumerate(sorted(asked))] + [(ends, len(asked))]
        charts = [chart([
            Series("admitted (cumulative)", points, step=True),
            Series("asked (cumulative)", asked_points, color="#8c959f", step=True, dashed=True),
            Series("bound max_tokens + rate x t", [(0.0, max_tokens), (ends, max_tokens + rate * ends)],
                   color="#cf222e", dashed=True),
        ], title="Requests admitted over time", x_label="virtual time (s)", y_label="requests", width=560)]
        figures = {"burst": burst1, "burst_after_idle": burst2, "admitted": admitted, "first_wave_done": first_done,
                   "within_bound": within, "idle_until": idle_until}
        return Outcome(figures, lines, charts, rec, {"bucket": "token"},
                       f"rate {rate:g}/s, max_tokens {max_tokens}: each request waiting for its token")

    knobs = {
        "rate": widgets.FloatSlider(value=rate, min=1, max=50, step=1, description="rate (/s)",
                                    continuous_update=False),
        "max_tokens": widgets.IntSlider(value=max_tokens, min=1, max=10, description="max_tokens",
                                        continuous_update=False),
    }
    return Experiment("P05 · token bucket: rate and burst vs admitted requests", knobs, measure,
                      intro="max_tokens sets the height of each burst, rate the slope after it.")
