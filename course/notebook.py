"""Helpers for the notebooks' demo and visible-check cells.

Demo cells run student code on the kernel's own loop with top-level `await`;
`time_limit` bounds them, so a deadlocked solution fails the cell with a
message instead of hanging the notebook (and the grader). Visible checks
report success with `passed`.
"""

from __future__ import annotations

import asyncio
import contextlib
import html
from typing import AsyncIterator

from .testing import CheckFailed


class DemoTimeout(CheckFailed):
    """A demo cell did not finish in time."""

    title = "Time limit"


@contextlib.asynccontextmanager
async def time_limit(seconds: float, what: str = "This demo") -> AsyncIterator[None]:
    """`async with time_limit(5):` fails the cell after `seconds` with advice.

    Only code that awaits can be stopped this way: a loop that never awaits
    is caught by the hidden tests' real-time guard, not here.
    """
    try:
        async with asyncio.timeout(seconds):
            yield
    except TimeoutError:
        raise DemoTimeout(
            f"{what} did not finish within {seconds:g} s. Some task is waiting for something that "
            "never happens: a lock that is never released, an event never set, a queue never fed. "
            "Check your solution against the hints.") from None


def passed(message: str) -> None:
    """Show a green success line (plain text where HTML cannot be shown)."""
    try:
        from IPython import get_ipython
        from IPython.display import display
    except ImportError:  # pragma: no cover - IPython ships with the kernel
        get_ipython = None
    if get_ipython is None or get_ipython() is None:
        print(f"✔ {message}")
        return
    display({"text/plain": f"✔ {message}",
             "text/html": f'<div style="color:#1a7f37;font-weight:600">✔ {html.escape(message)}</div>'},
            raw=True)
