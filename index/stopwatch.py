"""Time per stage of one call (a search), for the speed benchmark's breakdown.

A function that accepts a `Stopwatch` calls `lap(stage)` at the end of each stage; the time since the
previous lap is added to that stage. Passing none costs nothing: callers write `if watch: watch.lap(...)`.
"""

from __future__ import annotations

import time


class Stopwatch:
    """Seconds per stage name, summed over every call it was passed to."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self.calls = 0
        self._last = 0.0

    def start(self) -> None:
        """Begin one call: the first lap is measured from here."""
        self.calls += 1
        self._last = time.perf_counter()

    def lap(self, stage: str) -> None:
        now = time.perf_counter()
        self.seconds[stage] = self.seconds.get(stage, 0.0) + now - self._last
        self._last = now

    def mean_ms(self) -> dict[str, float]:
        """Milliseconds per call and stage, in the order the stages were first seen."""
        return {stage: total * 1000 / max(self.calls, 1) for stage, total in self.seconds.items()}
