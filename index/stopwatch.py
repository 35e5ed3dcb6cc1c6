"""Time per stage of one call (a search), for the speed benchmark's breakdown.

A function that accepts a `Stopwatch` calls `lap(stage)` at the end of each stage; the time since the
previous lap is added to that stage, as wall-clock time and as the CPU time of the whole process (the
engine's own search threads included), which a machine shared with other work inflates far less.
Passing none costs nothing: callers write `if watch: watch.lap(...)`.
"""

from __future__ import annotations

import time


class Stopwatch:
    """Seconds per stage name, summed over every call it was passed to."""

    def __init__(self) -> None:
        self.wall: dict[str, float] = {}
        self.cpu: dict[str, float] = {}
        self.calls = 0
        self._last = (0.0, 0.0)

    def start(self) -> None:
        """Begin one call: the first lap is measured from here."""
        self.calls += 1
        self._last = (time.perf_counter(), time.process_time())

    def lap(self, stage: str) -> None:
        now = (time.perf_counter(), time.process_time())
        self.wall[stage] = self.wall.get(stage, 0.0) + now[0] - self._last[0]
        self.cpu[stage] = self.cpu.get(stage, 0.0) + now[1] - self._last[1]
        self._last = now

    def mean_ms(self, cpu: bool = False) -> dict[str, float]:
        """Milliseconds per call and stage (wall-clock, or CPU), in the order the stages were first seen."""
        totals = self.cpu if cpu else self.wall
        return {stage: total * 1000 / max(self.calls, 1) for stage, total in totals.items()}
